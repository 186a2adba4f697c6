using System.Runtime.CompilerServices;

// The C6 tests reach the value-law seam (PolynomialLawTerms) to show that an altered law is refuted by the same queries.
[assembly: InternalsVisibleTo("Checker.Verification.Tests")]
