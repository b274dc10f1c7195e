using Augur.Cli;

return CliApp.Run(args, Console.Out, Console.Error, !Console.IsOutputRedirected);
