// The dmio-sim command line; commands arrive with the scenario issue.
return DmIo.Simulation.SimulationAssembly.FormatVersion == 1 ? 0 : 1;
