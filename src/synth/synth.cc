namespace skykeep::synth {}
