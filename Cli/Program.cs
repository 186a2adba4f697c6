using Checker.Cli;

return CheckerApp.Run(args);
