using Spectre.Console;

namespace Checker.Cli;

/// <summary>
/// Help text of an option or argument, escaped for Spectre's console markup. Spectre renders descriptions as markup,
/// so a description like "[-M, M]" or "[W_1, …]" made `--help` crash ("could not find color or style"). This type
/// deliberately has the same name as <see cref="System.ComponentModel.DescriptionAttribute"/>: inside the
/// Checker.Cli namespaces it is found first, so every `[Description(...)]` of a settings class is escaped without each
/// author having to remember it. Spectre finds it because it derives from the framework attribute.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Class)]
public sealed class DescriptionAttribute(string text) : System.ComponentModel.DescriptionAttribute(Markup.Escape(text));
