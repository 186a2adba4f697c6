using System.Reflection;
using System.Reflection.Emit;
using Checker.Verification.Claims;

namespace Checker.Verification.Tests;

/// <summary>
/// The namespaces of the Verification assembly form a layered graph: contracts and solvers at the bottom, the engines
/// (Reduced, RankOne, FullNetwork, …) above them, claims and search on top. A reference from a lower layer back up (an
/// engine using a type of Claims, say) makes a cycle, and cycles are how "everything depends on everything" starts.
/// The graph is read from the compiled assembly, not the sources: signatures (base types, fields, properties,
/// parameters) and every type, method and field token in every method body, so lambdas, local functions and
/// partially qualified names all count.
/// </summary>
public class NamespaceCycleTests
{
    private const string Root = "Checker.Verification";

    [Fact]
    public void Verification_namespaces_have_no_cycles()
    {
        var graph = NamespaceGraph(typeof(ClaimRunner).Assembly);
        Assert.True(graph.Count >= 8, $"only {graph.Count} namespaces found: {string.Join(", ", graph.Keys)}");
        var cycles = Cycles(graph.ToDictionary(kv => kv.Key, kv => (IEnumerable<string>)kv.Value.Keys));
        Assert.True(cycles.Count == 0, "namespace cycles in Verification:\n" + string.Join("\n", cycles.Select(c =>
            string.Join(" → ", c) + "  (" + string.Join("; ", c.Zip(c.Skip(1).Append(c[0]))
                .Where(e => graph[e.First].ContainsKey(e.Second))
                .Select(e => $"{e.First} uses {graph[e.First][e.Second]}")) + ")")));
    }

    [Fact]
    public void The_cycle_finder_reports_a_planted_cycle_and_accepts_a_layered_graph()
    {
        var layered = new Dictionary<string, IEnumerable<string>>
        {
            ["Claims"] = ["Reduced", "Contracts"], ["Reduced"] = ["Contracts", "Solvers"], ["Contracts"] = ["Solvers"], ["Solvers"] = [],
        };
        Assert.Empty(Cycles(layered));
        layered["Contracts"] = ["Solvers", "Claims"];
        var cycle = Assert.Single(Cycles(layered));
        Assert.Equal(["Claims", "Contracts", "Reduced"], cycle.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_graph_sees_references_inside_method_bodies()
    {
        // ClaimRunner mentions Budget only inside its method body (Budget.Start): the scan must see it.
        var graph = NamespaceGraph(typeof(ClaimRunner).Assembly);
        Assert.True(graph[$"{Root}.Claims"].ContainsKey($"{Root}.Contracts"));
        Assert.False(graph.TryGetValue($"{Root}.Contracts", out var contracts) && contracts.ContainsKey($"{Root}.Claims"));
    }

    /// <summary>For every namespace under <see cref="Root"/>, the other such namespaces it uses, each with one example "Type → Type".</summary>
    private static Dictionary<string, Dictionary<string, string>> NamespaceGraph(Assembly assembly)
    {
        var graph = new Dictionary<string, Dictionary<string, string>>();
        foreach (var type in assembly.GetTypes())
        {
            var from = NamespaceOf(type);
            if (from is null || !from.StartsWith(Root)) continue;
            if (!graph.TryGetValue(from, out var edges)) graph[from] = edges = [];
            foreach (var used in References(type))
            {
                var to = NamespaceOf(used);
                if (to is null || to == from || !to.StartsWith(Root) || used.Assembly != assembly) continue;
                edges.TryAdd(to, $"{Outer(type).Name} → {Outer(used).Name}");
            }
        }
        return graph;
    }

    private static Type Outer(Type t)
    {
        while (t.DeclaringType is not null) t = t.DeclaringType;
        return t;
    }

    private static string? NamespaceOf(Type t) => Outer(t).Namespace;

    private const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static IEnumerable<Type> References(Type type)
    {
        var found = new HashSet<Type>();
        void Add(Type? t)
        {
            if (t is null) return;
            while (t.HasElementType) t = t.GetElementType()!;
            if (t.IsGenericParameter) return;
            if (t.IsGenericType && !t.IsGenericTypeDefinition)
            {
                foreach (var a in t.GetGenericArguments()) Add(a);
                t = t.GetGenericTypeDefinition();
            }
            found.Add(t);
        }
        Add(type.BaseType);
        foreach (var i in type.GetInterfaces()) Add(i);
        foreach (var f in type.GetFields(All)) Add(f.FieldType);
        foreach (var p in type.GetProperties(All)) Add(p.PropertyType);
        foreach (var m in type.GetMethods(All).Cast<MethodBase>().Concat(type.GetConstructors(All)))
        {
            if (m is MethodInfo mi) Add(mi.ReturnType);
            foreach (var p in m.GetParameters()) Add(p.ParameterType);
            var body = m.GetMethodBody();
            if (body is null) continue;
            foreach (var local in body.LocalVariables) Add(local.LocalType);
            foreach (var t in TokensIn(m, body.GetILAsByteArray() ?? [])) Add(t);
        }
        return found;
    }

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!).ToDictionary(o => o.Value);

    /// <summary>The declaring types of every member and type token in an IL body.</summary>
    private static IEnumerable<Type> TokensIn(MethodBase method, byte[] il)
    {
        var typeArgs = method.DeclaringType is { IsGenericType: true } dt ? dt.GetGenericArguments() : null;
        var methodArgs = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (int i = 0; i < il.Length;)
        {
            short value = il[i] == 0xFE ? (short)(0xFE00 | il[i + 1]) : il[i];
            i += il[i] == 0xFE ? 2 : 1;
            var op = OpCodesByValue[value];
            switch (op.OperandType)
            {
                case OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineType or OperandType.InlineTok:
                    MemberInfo? member = null;
                    try { member = method.Module.ResolveMember(BitConverter.ToInt32(il, i), typeArgs, methodArgs); }
                    catch (ArgumentException) { }
                    if (member is Type t) yield return t;
                    else if (member?.DeclaringType is { } d) yield return d;
                    if (member is MethodInfo { IsGenericMethod: true } gm)
                        foreach (var a in gm.GetGenericArguments()) yield return a;
                    i += 4;
                    break;
                case OperandType.InlineSwitch:
                    i += 4 + 4 * BitConverter.ToInt32(il, i);
                    break;
                case OperandType.InlineNone:
                    break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                    i += 1;
                    break;
                case OperandType.InlineVar:
                    i += 2;
                    break;
                case OperandType.InlineI8 or OperandType.InlineR:
                    i += 8;
                    break;
                default:
                    i += 4;
                    break;
            }
        }
    }

    /// <summary>Every strongly connected component with more than one namespace (Tarjan), each a cycle to break.</summary>
    private static List<List<string>> Cycles(IReadOnlyDictionary<string, IEnumerable<string>> graph)
    {
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var onStack = new HashSet<string>();
        var result = new List<List<string>>();
        int next = 0;
        void Visit(string v)
        {
            index[v] = low[v] = next++;
            stack.Push(v);
            onStack.Add(v);
            foreach (var w in graph.TryGetValue(v, out var ws) ? ws : [])
            {
                if (!index.ContainsKey(w)) { Visit(w); low[v] = Math.Min(low[v], low[w]); }
                else if (onStack.Contains(w)) low[v] = Math.Min(low[v], index[w]);
            }
            if (low[v] != index[v]) return;
            var component = new List<string>();
            string x;
            do { x = stack.Pop(); onStack.Remove(x); component.Add(x); } while (x != v);
            if (component.Count > 1) { component.Reverse(); result.Add(component); }
        }
        foreach (var v in graph.Keys.Order(StringComparer.Ordinal)) if (!index.ContainsKey(v)) Visit(v);
        return result;
    }
}
