namespace Checker.Numeric;
