using System.Collections.Immutable;

namespace Checker.Symbolic.Smt;

/// <summary>The sorts our encodings declare.</summary>
public enum SmtSort { Real, Int, Bool }

/// <summary>One SMT-LIB2 command. Immutable; printed by <see cref="SmtLib"/>, one per line.</summary>
public abstract record SmtCommand
{
    public sealed override string ToString() => SmtLib.Print(this);
}

/// <summary><c>; text</c>, one comment line per line of <paramref name="Text"/>.</summary>
public sealed record Comment(string Text) : SmtCommand;

public sealed record SetLogic(string Logic) : SmtCommand;

public sealed record SetOption(string Keyword, string Value) : SmtCommand;

/// <summary><c>(declare-const name sort)</c>.</summary>
public sealed record DeclareConst(string Name, SmtSort Sort = SmtSort.Real) : SmtCommand;

/// <summary><c>(define-fun name () sort body)</c>: a macro without arguments.</summary>
public sealed record DefineFun(string Name, Term Body, SmtSort Sort = SmtSort.Real) : SmtCommand;

public sealed record Assertion(Term Formula) : SmtCommand;

public sealed record CheckSat : SmtCommand;

/// <summary><c>(get-value (t …))</c>.</summary>
public sealed record GetValue(ImmutableArray<Term> Terms) : SmtCommand;
