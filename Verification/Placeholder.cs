namespace Checker.Verification;
