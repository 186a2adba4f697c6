using Checker.Cli;

Interruption.Install();
int code = CheckerApp.Run(args);
// Idle z3 sessions kept for the next query end with the command, not when they notice their closed input.
Checker.Verification.Solvers.SolverProcesses.KillAll(TimeSpan.FromSeconds(1));
return code;
