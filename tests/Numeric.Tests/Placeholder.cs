namespace Checker.Numeric.Tests;
