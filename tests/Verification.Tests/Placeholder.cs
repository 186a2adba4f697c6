namespace Checker.Verification.Tests;
