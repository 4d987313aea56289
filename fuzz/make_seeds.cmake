# Writes the seed corpus: small synthesized flights in each format, clean and into faults
# (again on every run: --force replaces the seeds of the run before).
foreach(format ulog dataflash tlog)
  file(MAKE_DIRECTORY ${OUT}/${format})
  foreach(seed 1 2)
    execute_process(COMMAND ${SKYKEEP} synth --format ${format} --seed ${seed} --force -o ${OUT}/${format}/seed${seed}
                    RESULT_VARIABLE rc)
    if(NOT rc EQUAL 0)
      message(FATAL_ERROR "skykeep synth failed for ${format}")
    endif()
  endforeach()
  # Flights into faults, so that every check of the analysis runs on hostile variants too.
  foreach(fault gps-jamming low-battery vibration crash)
    execute_process(COMMAND ${SKYKEEP} synth --format ${format} --seed 3 --fault ${fault} --force
                            -o ${OUT}/${format}/${fault}
                    RESULT_VARIABLE rc)
    if(NOT rc EQUAL 0)
      message(FATAL_ERROR "skykeep synth --fault ${fault} failed for ${format}")
    endif()
  endforeach()
endforeach()
