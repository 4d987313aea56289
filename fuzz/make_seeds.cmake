# Writes the seed corpus: small synthesized flights in each format, whole and cut.
foreach(format ulog dataflash tlog)
  file(MAKE_DIRECTORY ${OUT}/${format})
  foreach(seed 1 2)
    execute_process(COMMAND ${SKYKEEP} synth --format ${format} --seed ${seed} -o ${OUT}/${format}/seed${seed}
                    RESULT_VARIABLE rc)
    if(NOT rc EQUAL 0)
      message(FATAL_ERROR "skykeep synth failed for ${format}")
    endif()
  endforeach()
endforeach()
