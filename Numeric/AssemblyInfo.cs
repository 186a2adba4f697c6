using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("Checker.Numeric.Tests")]
