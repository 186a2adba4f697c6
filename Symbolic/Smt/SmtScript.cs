namespace Checker.Symbolic.Smt;

/// <summary>
/// A sequence of commands under construction (declarations, definitions, assertions), printed by
/// <see cref="SmtLib"/>. The commands themselves are immutable; this is the builder that collects them in order.
/// </summary>
public sealed class SmtScript
{
    private readonly List<SmtCommand> _commands = [];

    public SmtScript() { }
    public SmtScript(IEnumerable<SmtCommand> commands) => _commands.AddRange(commands);

    public IReadOnlyList<SmtCommand> Commands => _commands;

    public SmtScript Add(SmtCommand command) { _commands.Add(command); return this; }
    public SmtScript Add(IEnumerable<SmtCommand> commands) { _commands.AddRange(commands); return this; }
    public SmtScript Comment(string text) => Add(new Comment(text));
    public SmtScript Logic(string logic) => Add(new SetLogic(logic));

    /// <summary>Declares a constant and returns it as a term.</summary>
    public Term Declare(string name, SmtSort sort = SmtSort.Real) { Add(new DeclareConst(name, sort)); return Term.Var(name); }

    /// <summary>Defines a macro and returns its name as a term.</summary>
    public Term Define(string name, Term body) { Add(new DefineFun(name, body)); return Term.Var(name); }

    public SmtScript Assert(Term formula) => Add(new Assertion(formula));
    public SmtScript Assert(IEnumerable<Term> formulas) { foreach (var f in formulas) Assert(f); return this; }

    /// <summary>A copy to extend without changing this script (e.g. blocking clauses added per round).</summary>
    public SmtScript Clone() => new(_commands);

    /// <summary>The commands as SMT-LIB2 text, one per line.</summary>
    public override string ToString() => SmtLib.Print(_commands);
}
