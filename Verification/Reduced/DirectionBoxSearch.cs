using Checker.Verification.Contracts;
using System.Runtime.CompilerServices;
using System.Text;
using Checker.Symbolic.Numbers;
using Checker.Symbolic.Smt;
using Checker.Verification.Exact;
using Checker.Verification.Solvers;

namespace Checker.Verification.Reduced;

/// <summary>
/// Exhaustive branch and bound over cones of directions b for the KKT points of one value sign ε (docs/theory.md#reduced-problem).
/// <para>ε = ±1: a KKT point is b = εg with g = Σ y_i σ_i x_i, σ_i = c₊ / c₋ on the side of x_iᵀb and σ_i ∈ [min c, max c]
/// on a kink. Over a cone C (a <see cref="DirectionBox"/>), samples whose hyperplane misses C have a fixed slope; the
/// others ("cut") only have σ_i ∈ [lo, hi]. Every KKT direction in C therefore satisfies the 2d − 1 linear cone
/// inequalities for b = ε(g_det + Σ_cut σ_i ŵ_i) with some σ in the box; each inequality separately is decided exactly
/// (its maximum over the σ-box is a sum of per-sample maxima), and if one fails C holds no KKT point. Survivors are
/// bisected; once few distinct hyperplanes cut C (or C is tiny), every sign choice (+, −, 0) of those hyperplanes is a
/// candidate pattern, explored depth-first with the same test, and solved exactly.</para>
/// <para>ε = 0: 0 ∈ ∂f(b); the test is 0 ∈ g_det + Σ_cut ŵ_i [lo, hi] coordinatewise; candidate patterns that pass an
/// exact solve for the kink slopes go to the SMT solver restricted to that one pattern (a face may carry a continuum).</para>
/// <para>Everything here is exact: the hot path in 128-bit integers with overflow checks (an overflow sends the cone to
/// the solver), patterns and points re-derived in rationals from the original data. Singular kink systems (dependent
/// hyperplanes) and cones too crowded to enumerate are asked of the SMT solver for just that pattern or cone, so the
/// search stays exhaustive by construction; any solver answer other than a re-checked sat/unsat makes the result
/// incomplete, with the reason.</para>
/// </summary>
internal sealed class DirectionBoxSearch
{
    /// <summary>Per-coordinate depth after which a cone counts as tiny (enumerated if not too crowded).</summary>
    private const int TinyExponent = 24;
    /// <summary>The most hyperplanes a tiny cone may have for enumeration; beyond, the solver gets the cone.</summary>
    private const int MaxLeafPlanes = 12;
    private const int MaxExponent = 56;

    private readonly ReducedProblem _p;
    private readonly ScaledData _s;
    private readonly ReducedKktOptions _options;
    private readonly IProgress<CheckProgress>? _progress;
    private readonly CancellationToken _ct;
    private readonly ReducedEncoding _enc;
    private readonly int _n, _d;

    public List<ReducedKktPoint> Points { get; } = [];
    public List<ReducedKktFamily> Families { get; } = [];
    private volatile bool _complete = true;
    public bool Complete => _complete;
    public string Reason { get; private set; } = "";
    public int Queries { get; private set; }
    private long _boxes, _leaves, _candidates, _jointPruned, _jointTried;
    public long Boxes => _boxes;
    public long Leaves => _leaves;
    public long Candidates => _candidates;
    public int SolverCones { get; private set; }
    /// <summary>Cones (and leaf sign choices) pruned by the joint Farkas test after the per-row test let them pass.</summary>
    public long JointPruned => _jointPruned;
    public long JointTried => _jointTried;

    private int _eps;
    private IReadOnlyList<SmtCommand> _header = [];
    private readonly List<SmtCommand> _blocks = [];
    private readonly HashSet<string> _found = [];
    private readonly HashSet<string> _tried = [];
    /// <summary>Guards everything shared between the workers except the counters: the found and tried patterns, the
    /// points, the solver's blocking clauses and <see cref="Fail"/>. The cone tests themselves run outside it.</summary>
    private readonly object _results = new();

    public DirectionBoxSearch(ReducedProblem p, ScaledData s, ReducedKktOptions options, IProgress<CheckProgress>? progress, CancellationToken ct)
    {
        _p = p; _s = s; _options = options; _progress = progress; _ct = ct;
        _enc = new ReducedEncoding(p);
        _n = p.SampleCount; _d = p.Dimension;
        _planeMembers = new int[s.PlaneCount][];
        for (int h = 0; h < s.PlaneCount; h++) _planeMembers[h] = Enumerable.Range(0, _n).Where(i => s.Plane[i] == h).ToArray();
        _xw = new Int128[_n][];
        for (int i = 0; i < _n; i++)
        {
            _xw[i] = new Int128[_n];
            for (int k = 0; k < _n; k++) _xw[i][k] = Dot(s.X[i], s.W[k]);
        }
    }

    /// <summary>The samples on each distinct hyperplane.</summary>
    private readonly int[][] _planeMembers;
    /// <summary>x̂_iᵀŵ_k for every pair: the coefficients of the sign rows in <see cref="Leaf"/>.</summary>
    private readonly Int128[][] _xw;

    /// <summary>The patterns found for value sign ε (points, twins and families), for the completeness statement.</summary>
    public Dictionary<int, List<string>> PatternsBySign { get; } = new() { [1] = [], [-1] = [], [0] = [] };

    /// <summary>
    /// All KKT points of value sign ε. The cones form one shared depth-first stack served to
    /// <see cref="ReducedKktOptions.Threads"/> workers: cones are independent (each carries its own determined samples),
    /// so only the stack, the pattern sets and the points need a lock. Completeness does not depend on the order in which
    /// cones are processed, and the points are sorted afterwards, so the result is the same for any thread count.
    /// </summary>
    public void Run(int eps)
    {
        _eps = eps;
        _header = _enc.Header(eps);
        _blocks.Clear(); _found.Clear(); _tried.Clear();
        var stack = new Stack<(DirectionBox Box, int[] Side, Int128[] G)>();
        for (int k = _d - 1; k >= 0; k--)
            foreach (int sd in new[] { -1, 1 }) stack.Push((DirectionBox.Root(_d, k, sd), new int[_n], new Int128[_d]));
        int active = 0;
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        void Worker()
        {
            var children = new List<(DirectionBox, int[], Int128[])>(2);
            while (true)
            {
                (DirectionBox Box, int[] Side, Int128[] G) item;
                lock (stack)
                {
                    while (stack.Count == 0 && active > 0 && _complete) Monitor.Wait(stack);
                    if (stack.Count == 0 || !_complete) { Monitor.PulseAll(stack); return; }
                    item = stack.Pop();
                    active++;
                }
                long boxes = Interlocked.Increment(ref _boxes);
                if ((boxes & 1023) == 0)
                {
                    _progress?.Report(new CheckProgress($"s=({_p.SignsText}) value sign {SignName(eps)}: {boxes} cones, {Points.Count} points", boxes, -1));
                    if (_ct.IsCancellationRequested) Fail("cancelled");
                    else if (_options.Deadline is { } dl && DateTime.UtcNow > dl) Fail("overall time limit reached before the search finished");
                }
                children.Clear();
                try
                {
                    if (_complete) Process(item.Box, item.Side, item.G, children);
                }
                catch (OverflowException) { lock (_results) SolverCone(item.Box, "128-bit overflow"); }
                catch (Exception e)
                {
                    // A bug must not leave the other workers waiting for this cone's children forever.
                    Fail($"internal error in the box search: {e.Message}");
                }
                lock (stack)
                {
                    for (int c = children.Count - 1; c >= 0; c--) stack.Push(children[c]);
                    active--;
                    Monitor.PulseAll(stack);
                }
            }
        }
        int threads = Math.Max(1, _options.Threads);
        if (threads == 1) Worker();
        else
        {
            var workers = Enumerable.Range(0, threads).Select(_ => new Thread(Worker, 1 << 20) { IsBackground = true }).ToList();
            foreach (var w in workers) w.Start();
            foreach (var w in workers) w.Join();
        }
    }

    /// <summary>One cone: <paramref name="side"/> and <paramref name="g"/> arrive with the parent's determined samples
    /// (a child cone lies in its parent, so those stay determined); only the parent's cut samples are re-tested.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Process(DirectionBox box, int[] side, Int128[] g, List<(DirectionBox, int[], Int128[])> children)
    {
        var cut = new List<int>();
        var planes = new List<int>();
        for (int i = 0; i < _n; i++)
        {
            if (_s.Plane[i] < 0 || side[i] != 0) continue;
            bool relevant = _eps == 0 || _s.Labeled[i];
            if (!relevant) continue;
            var (lo, hi) = box.Range(_s.X[i]);
            side[i] = lo > 0 ? 1 : hi < 0 ? -1 : 0;
            if (side[i] == 0)
            {
                if (_s.Labeled[i]) cut.Add(i);
                if (!planes.Contains(_s.Plane[i])) planes.Add(_s.Plane[i]);
            }
            else if (_s.Labeled[i]) AddScaled(g, side[i] > 0 ? _s.Pos : _s.Neg, _s.W[i]);
        }
        if (!Feasible(box, g, cut)) return;
        if (Joint(box, g, cut)) return;
        int widest = box.Widest();
        bool tiny = widest < 0 || box.MinExponent >= TinyExponent;
        if (planes.Count <= _options.LeafPlanes || (tiny && planes.Count <= MaxLeafPlanes))
        {
            Interlocked.Increment(ref _leaves);
            Leaf(box, side, g, planes);
            return;
        }
        if (planes.Count <= _options.CubePlanes) { lock (_results) Cube(box, side, g, cut); return; }
        if (widest < 0 || box.E[widest] >= MaxExponent) { lock (_results) SolverCone(box, $"{planes.Count} hyperplanes through a tiny cone"); return; }
        var (a, b) = box.Split(widest);
        children.Add((a, side, g));
        children.Add((b, (int[])side.Clone(), (Int128[])g.Clone()));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AddScaled(Int128[] g, long c, long[] w)
    {
        for (int j = 0; j < g.Length; j++) g[j] = checked(g[j] + (Int128)c * w[j]);
    }

    /// <summary>Necessary condition for a KKT point of sign ε in the cone, with the slopes of <paramref name="open"/>
    /// anywhere in [lo, hi] and the rest fixed into <paramref name="g"/>; each inequality decided exactly.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool Feasible(DirectionBox box, Int128[] g, List<int> open)
    {
        long lo = _s.Lo, hi = _s.Hi;
        if (_eps == 0)
        {
            for (int j = 0; j < _d; j++)
            {
                Int128 min = g[j], max = g[j];
                foreach (var i in open)
                {
                    Int128 a = (Int128)_s.W[i][j] * lo, b = (Int128)_s.W[i][j] * hi;
                    if (a <= b) { min = checked(min + a); max = checked(max + b); } else { min = checked(min + b); max = checked(max + a); }
                }
                if (min > 0 || max < 0) return false;
            }
            return true;
        }
        int k = box.Face;
        Int128 se = box.Side * _eps;
        // s ε g_k > 0
        {
            Int128 max = checked(se * g[k]);
            foreach (var i in open) max = checked(max + MaxTerm(checked(se * _s.W[i][k]), lo, hi));
            if (max <= 0) return false;
        }
        for (int j = 0; j < _d; j++)
        {
            if (j == k) continue;
            Int128 pj = (Int128)1 << box.E[j];
            // ε (2^E b_j − L s b_k) ≥ 0 and ε (U s b_k − 2^E b_j) ≥ 0 with b = g (ε folded into the coefficients).
            Int128 cl = checked(se * box.L[j]), cu = checked(se * box.U[j]);
            Int128 lowMax = checked(_eps * pj * g[j] - cl * g[k]);
            Int128 upMax = checked(cu * g[k] - _eps * pj * g[j]);
            foreach (var i in open)
            {
                Int128 wj = _s.W[i][j], wk = _s.W[i][k];
                lowMax = checked(lowMax + MaxTerm(checked(_eps * pj * wj - cl * wk), lo, hi));
                upMax = checked(upMax + MaxTerm(checked(cu * wk - _eps * pj * wj), lo, hi));
            }
            if (lowMax < 0 || upMax < 0) return false;
        }
        return true;
    }

    /// <summary>The joint test (<see cref="JointFarkas"/>) on the rows of <see cref="Feasible"/>: true when an exactly
    /// checked Farkas certificate proves that no slopes in the box satisfy all rows at once.</summary>
    private bool Joint(DirectionBox box, Int128[] g, List<int> open, List<SignRow>? extra = null)
    {
        if (!_options.JointPrune || open.Count == 0 || open.Count > _options.JointMaxOpen || _s.Lo == _s.Hi) return false;
        try
        {
            var buf = t_rows ??= new RowBuffer();
            int rows = Rows(box, g, open, buf, extra);
            Interlocked.Increment(ref _jointTried);
            if (!JointFarkas.Refute(buf.C, buf.M, buf.Strict, rows, open.Count, _s.Lo, _s.Hi)) return false;
            Interlocked.Increment(ref _jointPruned);
            return true;
        }
        catch (OverflowException) { return false; }
    }

    /// <summary>Reused row buffers of one worker thread for <see cref="Rows"/> (capacity grows on demand).</summary>
    private sealed class RowBuffer
    {
        public Int128[] C = new Int128[16];
        public Int128[][] M = [];
        public bool[] Strict = new bool[16];
        public int Width;

        public void Ensure(int rows, int u)
        {
            if (C.Length < rows) { C = new Int128[rows]; Strict = new bool[rows]; }
            if (M.Length < rows || Width < u)
            {
                Width = Math.Max(u, Math.Max(Width, 16));
                M = new Int128[Math.Max(rows, C.Length)][];
                for (int r = 0; r < M.Length; r++) M[r] = new Int128[Width];
            }
        }
    }

    [ThreadStatic] private static RowBuffer? t_rows;

    /// <summary>The inequalities of <see cref="Feasible"/> as rows c_r + Σ_{q} σ_{open[q]} m_rq ≥ 0 (&gt; 0 if strict), written
    /// into the thread's <see cref="RowBuffer"/>; returns the row count (the columns are open.Count). Plain loops into
    /// reused arrays: this runs for most cones, and a profile of d = 5, n = 30 showed allocation here and in the LP
    /// costing more than the arithmetic.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int Rows(DirectionBox box, Int128[] g, List<int> open, RowBuffer buf, List<SignRow>? extra)
    {
        int u = open.Count;
        int rows = _eps == 0 ? 2 * _d : 2 * _d - 1;
        int total = rows + (extra?.Count ?? 0);
        buf.Ensure(total, u);
        var c = buf.C;
        var m = buf.M;
        var strict = buf.Strict;
        Array.Clear(strict, 0, total);
        int r = 0;
        if (_eps == 0)
        {
            for (int j = 0; j < _d; j++)
            {
                var plus = m[r];
                var minus = m[r + 1];
                for (int q = 0; q < u; q++) { long w = _s.W[open[q]][j]; plus[q] = w; minus[q] = -(Int128)w; }
                c[r++] = g[j];
                c[r++] = checked(-g[j]);
            }
            return r;
        }
        int k = box.Face;
        Int128 se = box.Side * _eps;
        {
            var row = m[r];
            for (int q = 0; q < u; q++) row[q] = checked(se * _s.W[open[q]][k]);
            c[r] = checked(se * g[k]); strict[r++] = true;
        }
        for (int j = 0; j < _d; j++)
        {
            if (j == k) continue;
            Int128 pj = (Int128)1 << box.E[j];
            Int128 cl = checked(se * box.L[j]), cu = checked(se * box.U[j]);
            Int128 ep = _eps * pj;
            var low = m[r];
            var up = m[r + 1];
            for (int q = 0; q < u; q++)
            {
                var wi = _s.W[open[q]];
                Int128 a = checked(ep * wi[j]);
                low[q] = checked(a - cl * wi[k]);
                up[q] = checked(cu * wi[k] - a);
            }
            c[r++] = checked(ep * g[j] - cl * g[k]);
            c[r++] = checked(cu * g[k] - ep * g[j]);
        }
        if (extra is not null)
            foreach (var e in extra)
            {
                var row = m[r];
                var xw = _xw[e.Sample];
                for (int q = 0; q < u; q++) row[q] = checked(e.Sign * xw[open[q]]);
                c[r] = checked(e.Sign * Dot(_s.X[e.Sample], g));
                strict[r++] = e.Strict;
            }
        return r;
    }

    private static Int128 MaxTerm(Int128 a, long lo, long hi) => a >= 0 ? checked(a * hi) : checked(a * lo);

    /// <summary>
    /// Depth-first over the sign choices (+, −, 0) of the hyperplanes cutting the cone. For ε ≠ 0 a choice is also a
    /// constraint on the point itself: sign(x̂_iᵀb) = the chosen side with b = ε(ĝ + Σ_open σ_k ŵ_k), one more row linear in
    /// the open slopes (two for a kink), tested alone and in the joint test with the cone's rows. Without these rows a
    /// choice is only tested through the slopes it fixes, and most of the 3^P choices survive to the exact solve.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Leaf(DirectionBox box, int[] side, Int128[] gDet, List<int> planes)
    {
        int pc = planes.Count;
        var members = new int[pc][];
        for (int q = 0; q < pc; q++) members[q] = _planeMembers[planes[q]];
        var choice = new int[pc];
        var sides = (int[])side.Clone();
        var gs = new Int128[pc + 1][];
        gs[0] = gDet;
        for (int q = 1; q <= pc; q++) gs[q] = new Int128[_d];
        var open = new List<int>(_n);
        var extra = new List<SignRow>(2 * pc);
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        void Visit(int idx)
        {
            if (!_complete) return;
            var g = gs[idx];
            open.Clear();
            for (int q = 0; q < pc; q++)
                if (q >= idx || choice[q] == 0)
                    foreach (var i in members[q]) if (_s.Labeled[i]) open.Add(i);
            if (!Feasible(box, g, open)) return;
            int mark = extra.Count;
            if (_eps != 0 && idx > 0)
            {
                int i = members[idx - 1][0];
                if (choice[idx - 1] != 0) extra.Add(new SignRow(i, sides[i] * _eps, true));
                else { extra.Add(new SignRow(i, 1, false)); extra.Add(new SignRow(i, -1, false)); }
                if (!SignRowsFeasible(g, open, extra)) { extra.RemoveRange(mark, extra.Count - mark); return; }
            }
            if (_options.JointInLeaves && Joint(box, g, open, extra)) { extra.RemoveRange(mark, extra.Count - mark); return; }
            if (idx == pc) Candidate(sides, g);
            else
            {
                var next = gs[idx + 1];
                foreach (int c in ChoiceOrder)
                {
                    choice[idx] = c;
                    Array.Copy(g, next, _d);
                    foreach (var i in members[idx])
                    {
                        sides[i] = c * _s.Orient[i];
                        if (c != 0 && _s.Labeled[i]) AddScaled(next, sides[i] > 0 ? _s.Pos : _s.Neg, _s.W[i]);
                    }
                    Visit(idx + 1);
                }
                choice[idx] = 0;
            }
            extra.RemoveRange(mark, extra.Count - mark);
        }
        Visit(0);
    }

    private static readonly int[] ChoiceOrder = [1, -1, 0];

    /// <summary>A row s·x̂_iᵀ(ĝ + Σ_open σ_k ŵ_k) ≥ 0 (&gt; 0 if strict), from a sign chosen in <see cref="Leaf"/>.</summary>
    private readonly record struct SignRow(int Sample, int Sign, bool Strict);

    /// <summary>Each sign row alone: its maximum over the slope box must be positive (strict) or non-negative.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool SignRowsFeasible(Int128[] g, List<int> open, List<SignRow> rows)
    {
        foreach (var row in rows)
        {
            var xw = _xw[row.Sample];
            Int128 max = checked(row.Sign * Dot(_s.X[row.Sample], g));
            foreach (var k in open) max = checked(max + MaxTerm(checked(row.Sign * xw[k]), _s.Lo, _s.Hi));
            if (row.Strict ? max <= 0 : max < 0) return false;
        }
        return true;
    }

    /// <summary>A full sign assignment (labeled samples for ε ≠ 0, every non-zero input for ε = 0) with ĝ of its
    /// non-kink samples: decide exactly whether it is the pattern of a KKT point.</summary>
    private void Candidate(int[] sides, Int128[] g)
    {
        var key = new char[_n];
        for (int i = 0; i < _n; i++)
            key[i] = _s.Plane[i] < 0 ? '0' : (_eps != 0 && !_s.Labeled[i]) ? '?' : sides[i] > 0 ? '+' : sides[i] < 0 ? '-' : '0';
        var k = new string(key);
        lock (_results) if (!_tried.Add(k)) return;
        Interlocked.Increment(ref _candidates);
        var z = Enumerable.Range(0, _n).Where(i => key[i] == '0' && _s.Labeled[i]).ToList();
        if (_eps == 0) { ZeroCandidate(k, z, g); return; }
        if (z.Count == 0)
        {
            if (g.All(v => v == 0)) return;
            if (!SignsMatch(k, g)) return;
        }
        else if (!KinkScreen(k, z, g)) return;
        // A survivor of the integer screens (or one they could not settle): the exact rational derivation decides.
        Resolve(k, z);
    }

    /// <summary>
    /// Integer screen for |Z| ≥ 1 kink samples on distinct hyperplanes: the slopes σ̂_Z solve x̂_jᵀ(ĝ + Σ_k σ̂_k ŵ_k) = 0
    /// (j ∈ Z), by fraction-free (Bareiss) elimination and Cramer numerators N_k = D σ̂_k, then the range lo ≤ σ̂_k ≤ hi
    /// and the signs of D ĝ + Σ N_k ŵ_k against the assignment. False only when that exact integer computation rejects the
    /// assignment; anything it cannot settle (shared hyperplanes, a singular system, an overflow) passes on to the
    /// rational derivation. Why: most candidates have several kinks and fail here, and the rational path costs ~0.1 ms each.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool KinkScreen(string key, List<int> z, Int128[] g)
    {
        int m = z.Count;
        for (int a = 0; a < m; a++)
            for (int b = a + 1; b < m; b++)
                if (_s.Plane[z[a]] == _s.Plane[z[b]]) return true;
        try
        {
            var t = new Int128[m, m + 1];
            for (int r = 0; r < m; r++)
            {
                var xr = _s.X[z[r]];
                for (int c = 0; c < m; c++) t[r, c] = Dot(xr, _s.W[z[c]]);
                t[r, m] = checked(-Dot(xr, g));
            }
            Int128 prev = 1;
            for (int k = 0; k < m; k++)
            {
                if (t[k, k] == 0)
                {
                    int swap = -1;
                    for (int r = k + 1; r < m && swap < 0; r++) if (t[r, k] != 0) swap = r;
                    if (swap < 0) return true; // singular: the rational path (and the solver) decide
                    for (int c = 0; c <= m; c++) (t[k, c], t[swap, c]) = (t[swap, c], t[k, c]);
                }
                for (int r = k + 1; r < m; r++)
                {
                    for (int c = k + 1; c <= m; c++) t[r, c] = checked(t[r, c] * t[k, k] - t[r, k] * t[k, c]) / prev;
                    t[r, k] = 0;
                }
                prev = t[k, k];
            }
            Int128 det = t[m - 1, m - 1];
            var num = new Int128[m];
            for (int k = m - 1; k >= 0; k--)
            {
                Int128 acc = checked(det * t[k, m]);
                for (int c = k + 1; c < m; c++) acc = checked(acc - t[k, c] * num[c]);
                if (acc % t[k, k] != 0) return true; // cannot happen (Cramer); leave it to the exact path
                num[k] = acc / t[k, k];
            }
            if (det < 0) { det = -det; for (int k = 0; k < m; k++) num[k] = -num[k]; }
            for (int k = 0; k < m; k++)
                if (num[k] < checked(_s.Lo * det) || num[k] > checked(_s.Hi * det)) return false;
            var gz = new Int128[_d];
            bool zero = true;
            for (int c = 0; c < _d; c++)
            {
                Int128 v = checked(det * g[c]);
                for (int k = 0; k < m; k++) v = checked(v + num[k] * _s.W[z[k]][c]);
                gz[c] = v;
                zero &= v == 0;
            }
            return !zero && SignsMatch(key, gz);
        }
        catch (OverflowException) { return true; }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Int128 Dot(long[] x, Int128[] g)
    {
        Int128 s = 0;
        for (int j = 0; j < x.Length; j++) s = checked(s + x[j] * g[j]);
        return s;
    }

    private static Int128 Dot(long[] x, long[] w)
    {
        Int128 s = 0;
        for (int j = 0; j < x.Length; j++) s = checked(s + (Int128)x[j] * w[j]);
        return s;
    }

    /// <summary>Signs of x̂_iᵀ(εĝ) against the assignment for the samples that carry a label.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool SignsMatch(string key, Int128[] g)
    {
        for (int i = 0; i < _n; i++)
        {
            if (!_s.Labeled[i]) continue;
            var t = _eps * Dot(_s.X[i], g);
            char c = t > 0 ? '+' : t < 0 ? '-' : '0';
            if (c != key[i]) return false;
        }
        return true;
    }

    /// <summary>ε ≠ 0: the exact point of an assignment with kink set Z, in rationals from the original data.</summary>
    private void Resolve(string key, List<int> z)
    {
        var sigma = new Rational[_n];
        for (int i = 0; i < _n; i++) sigma[i] = key[i] switch { '+' => _p.SlopePos, '-' => _p.SlopeNeg, _ => _p.Low };
        if (z.Count > 0)
        {
            foreach (var i in z) sigma[i] = Rational.Zero;
            var gRest = _p.Gradient(sigma);
            // Kink samples on one hyperplane act together: with x_i = α_i x_h their pull is τ_h x_h, τ_h = Σ y_i α_i σ_i,
            // which ranges over an interval. Distinct independent hyperplanes then fix every τ_h (and g) uniquely.
            var groups = z.GroupBy(i => _s.Plane[i]).Select(gr => gr.ToArray()).ToArray();
            var reps = groups.Select(gr => _p.X[gr[0]]).ToArray();
            var a = reps.Select(r => reps.Select(r2 => RationalLinearAlgebra.Dot(r, r2)).ToArray()).ToArray();
            var rhs = reps.Select(r => -RationalLinearAlgebra.Dot(r, gRest)).ToArray();
            var sol = RationalLinearAlgebra.Solve(a, rhs, groups.Length);
            if (sol is not { } s) return;
            if (s.NullSpace.Count > 0)
            {
                // Kink hyperplanes spanning the whole space leave only b = 0: no point. Otherwise they are dependent and
                // g may move along a continuum; the solver decides this one assignment (and classifies point or continuum).
                if (RationalLinearAlgebra.Rank(reps, _d) == _d) return;
                SolverPattern(key);
                return;
            }
            for (int h = 0; h < groups.Length; h++)
            {
                var rep = reps[h];
                int c0 = Array.FindIndex(rep, v => !v.IsZero);
                var coef = groups[h].Select(i => _p.Y[i] * (_p.X[i][c0] / rep[c0])).ToArray();
                var from = coef.Select(c => c.Sign > 0 ? _p.Low : _p.High).ToArray();
                var to = coef.Select(c => c.Sign > 0 ? _p.High : _p.Low).ToArray();
                Rational min = Rational.Zero, max = Rational.Zero;
                for (int t = 0; t < coef.Length; t++) { min += coef[t] * from[t]; max += coef[t] * to[t]; }
                var tau = s.Particular[h];
                if (tau < min || tau > max) return;
                var lambda = max == min ? Rational.Zero : (tau - min) / (max - min);
                for (int t = 0; t < coef.Length; t++) sigma[groups[h][t]] = from[t] + lambda * (to[t] - from[t]);
            }
        }
        var g = _p.Gradient(sigma);
        if (g.All(v => v.IsZero)) return;
        var b = g.Select(v => _eps * v).ToArray();
        var pattern = _p.PatternOf(b);
        for (int i = 0; i < _n; i++)
        {
            if (key[i] == '?') { sigma[i] = pattern[i] == '0' ? _p.Low : _p.SlopeFor(pattern[i] == '+' ? 1 : -1); continue; }
            if (pattern[i] != key[i]) return;
        }
        Accept(new ReducedKktPoint(pattern, b, _eps, RationalLinearAlgebra.Dot(g, g), sigma), null);
    }

    /// <summary>ε = 0: Σ_{k∈Z} σ_k ŵ_k = −ĝ must have a solution with σ in [lo, hi]; survivors are decided by the solver
    /// restricted to the pattern (the face must be non-empty, and it may carry a continuum).</summary>
    private void ZeroCandidate(string key, List<int> z, Int128[] g)
    {
        if (z.Count == 0) { if (g.Any(v => v != 0)) return; }
        else
        {
            var a = Enumerable.Range(0, _d).Select(j => z.Select(c => (Rational)(long)_s.W[c][j]).ToArray()).ToArray();
            var rhs = g.Select(v => -(Rational)(System.Numerics.BigInteger)v).ToArray();
            var sol = RationalLinearAlgebra.Solve(a, rhs, z.Count);
            if (sol is not { } s) return;
            if (s.NullSpace.Count == 0 && s.Particular.Any(v => v < _s.Lo || v > _s.Hi)) return;
        }
        var rows = Enumerable.Range(0, _n).Where(i => key[i] == '0' && _s.Plane[i] >= 0).Select(i => _p.X[i]).ToArray();
        if (RationalLinearAlgebra.Rank(rows, _d) >= _d) return;
        SolverPattern(key);
    }

    private void Accept(ReducedKktPoint? point, ReducedKktFamily? family, ReducedKktPoint? twin = null)
    {
        lock (_results) AcceptLocked(point, family, twin);
    }

    private void AcceptLocked(ReducedKktPoint? point, ReducedKktFamily? family, ReducedKktPoint? twin)
    {
        string pattern = point?.Pattern ?? family!.Pattern;
        if (!_found.Add(pattern)) return;
        PatternsBySign[_eps].Add(pattern);
        _blocks.Add(_enc.Block(pattern));
        if (point is not null) Points.Add(point);
        if (twin is not null) Points.Add(twin);
        if (family is not null) Families.Add(family);
        if (Points.Count > _options.MaxPoints) Fail($"more than {_options.MaxPoints} KKT points; stopped");
        if (Families.Count > _options.MaxFamilies) Fail($"more than {_options.MaxFamilies} continua; stopped");
    }

    private void Fail(string reason)
    {
        lock (_results)
        {
            if (!_complete) return;
            Reason = reason;
            _complete = false;
        }
    }

    /// <summary>Every KKT pattern with these labeled signs ('?' free), by the solver.</summary>
    private void SolverPattern(string key)
    {
        lock (_results) SolverPatternLocked(key);
    }

    private void SolverPatternLocked(string key)
    {
        var fix = new List<SmtCommand>();
        for (int i = 0; i < _n; i++)
            if (_s.Plane[i] >= 0 && key[i] != '?') fix.Add(ReducedEncoding.HasSign(i, key[i]));
        SolverLoop("pattern", fix);
    }

    /// <summary>
    /// A cone with a handful of cut hyperplanes, as one small SMT query in the scaled data: the determined samples'
    /// slopes are constants in ĝ, only the cut samples keep a slope variable and the implications t_i &gt; 0 ⇒ σ_i = ĉ₊,
    /// t_i &lt; 0 ⇒ σ_i = ĉ₋, and b = εĝ must lie in the closed cone (ε = 0: ĝ = 0 and b normalised to u_k = ±1). Repeated
    /// with the patterns found blocked (on the cut samples, the rest being fixed by the cone) until unsat; every model is
    /// re-checked exactly and its pattern re-derived in rationals from the original data, which must agree.
    /// </summary>
    private void Cube(DirectionBox box, int[] side, Int128[] g, List<int> cut)
    {
        SolverCones++;
        var tvars = Enumerable.Range(0, _n).Where(i => _s.Plane[i] >= 0 && side[i] == 0 && (_eps == 0 || _s.Labeled[i])).ToList();
        var script = new SmtScript().Comment($"cone {box}: {tvars.Count} cut samples, value sign {SignName(_eps)} (scaled data)").Logic("QF_LRA");
        var slope = new Dictionary<int, Term>();
        foreach (var i in cut) slope[i] = script.Declare(ReducedEncoding.Sigma(i));
        string dir(int j) => _eps == 0 ? ReducedEncoding.B(j) : ReducedEncoding.G(j);
        var gv = Enumerable.Range(0, _d).Select(j => script.Declare(ReducedEncoding.G(j))).ToArray();
        var bv = _eps == 0 ? Enumerable.Range(0, _d).Select(j => script.Declare(ReducedEncoding.B(j))).ToArray() : gv;
        var t = new Dictionary<int, Term>();
        foreach (var i in tvars) t[i] = script.Declare(ReducedEncoding.T(i));
        for (int j = 0; j < _d; j++)
        {
            var terms = cut.Select(i => ((Rational)_s.W[i][j], slope[i])).Where(t => !t.Item1.IsZero).ToList();
            Term gj = (Rational)(System.Numerics.BigInteger)g[j];
            script.Assert(Term.Eq(gv[j], terms.Count == 0 ? gj : Term.Add(gj, Term.Linear(terms))));
        }
        int e = _eps == 0 ? 1 : _eps;
        foreach (var i in tvars)
            script.Assert(Term.Eq(t[i], Term.Linear(Enumerable.Range(0, _d).Select(j => ((Rational)(e * _s.X[i][j]), bv[j])))));
        foreach (var i in cut)
        {
            Term si = slope[i], ti = Term.Var(ReducedEncoding.T(i));
            script.Assert(Term.And(Term.Le(_s.Lo, si), Term.Le(si, _s.Hi)));
            if (_s.Lo == _s.Hi) continue;
            script.Assert(Term.Implies(Term.Gt(ti, Term.Zero), Term.Eq(si, _s.Pos)));
            script.Assert(Term.Implies(Term.Lt(ti, Term.Zero), Term.Eq(si, _s.Neg)));
        }
        int k = box.Face;
        if (_eps == 0)
        {
            for (int j = 0; j < _d; j++) script.Assert(Term.Eq(gv[j], Term.Zero));
            script.Assert(Term.Eq(bv[k], box.Side));
            for (int j = 0; j < _d; j++)
            {
                if (j == k) continue;
                Rational pj = (Rational)(System.Numerics.BigInteger.One << box.E[j]);
                var lj = (Rational)(System.Numerics.BigInteger)box.L[j] / pj; var uj = (Rational)(System.Numerics.BigInteger)box.U[j] / pj;
                script.Assert(Term.And(Term.Le(lj, bv[j]), Term.Le(bv[j], uj)));
            }
        }
        else script.Add(ConeConstraints(box));
        var vars = cut.Select(ReducedEncoding.Sigma).Concat(Enumerable.Range(0, _d).Select(ReducedEncoding.G))
            .Concat(_eps == 0 ? Enumerable.Range(0, _d).Select(ReducedEncoding.B) : []).Concat(tvars.Select(ReducedEncoding.T)).ToList();
        // Patterns already found whose determined part matches this cone: block them from the start.
        var local = new List<SmtCommand>();
        void Block(string pattern) => local.Add(new Assertion(Term.Or(tvars.Select(i => ReducedEncoding.NotSign(i, pattern[i])))));
        foreach (var pattern in _found)
        {
            bool matches = true;
            for (int i = 0; i < _n && matches; i++)
                if (side[i] != 0 && pattern[i] != (side[i] > 0 ? '+' : '-')) matches = false;
            if (matches) Block(pattern);
        }
        while (Complete)
        {
            var answer = Ask($"cube", new SmtScript(script.Commands).Add(local), vars, out var query);
            if (answer is null) return;
            var model = answer.Model!;
            Rational[] b = Enumerable.Range(0, _d).Select(j => model[dir(j)]).ToArray();
            if (_eps != 0) b = b.Select(v => _eps * v).ToArray();
            var pattern = _p.PatternOf(b);
            for (int i = 0; i < _n; i++)
                if (side[i] != 0 && pattern[i] != (side[i] > 0 ? '+' : '-')) { Fail("cube model outside its cone (exact re-check)"); return; }
            Block(pattern);
            if (_found.Contains(pattern)) continue;
            if (_eps != 0)
            {
                var key = new string(Enumerable.Range(0, _n).Select(i => _s.Plane[i] < 0 ? '0' : _s.Labeled[i] ? pattern[i] : '?').ToArray());
                _tried.Add(key);
                Resolve(key, Enumerable.Range(0, _n).Where(i => key[i] == '0' && _s.Labeled[i]).ToList());
                if (!Complete) return;
                if (!_found.Contains(pattern)) { Fail($"the solver's KKT point in a cone has pattern {pattern}, which the exact derivation rejects"); return; }
            }
            else
            {
                var sigma = new Rational[_n];
                for (int i = 0; i < _n; i++)
                    sigma[i] = cut.Contains(i) ? model[ReducedEncoding.Sigma(i)] / _s.SlopeScale
                             : pattern[i] == '0' ? _p.Low : _p.SlopeFor(pattern[i] == '+' ? 1 : -1);
                if (!ReducedKktEnumerator.SlopesConsistent(_p, pattern, sigma) || _p.Gradient(sigma).Any(v => !v.IsZero))
                { Fail("cube model is not a KKT point with value 0 in exact arithmetic"); return; }
                var kind = ReducedKktEnumerator.ClassifyZero(_p, pattern, b, sigma);
                Accept(kind.Point, kind.Family, kind.Twin);
            }
        }
    }

    /// <summary>The closed cone of <paramref name="box"/> for b = ε g over the g constants (ε ≠ 0), or over b itself
    /// (<paramref name="v"/> = b, <paramref name="eps"/> = 1).</summary>
    private List<SmtCommand> ConeConstraints(DirectionBox box) => ConeConstraints(box, ReducedEncoding.G, _eps);

    private List<SmtCommand> ConeConstraints(DirectionBox box, Func<int, string> name, int eps)
    {
        int k = box.Face;
        Term v(int j) => Term.Var(name(j));
        var sb = new List<SmtCommand>();
        sb.Add(new Assertion(Term.Gt(Term.Linear([(box.Side * eps, v(k))]), Term.Zero)));
        for (int j = 0; j < _d; j++)
        {
            if (j == k) continue;
            Rational pj = (Rational)(System.Numerics.BigInteger.One << box.E[j]);
            Rational lj = (Rational)(System.Numerics.BigInteger)box.L[j], uj = (Rational)(System.Numerics.BigInteger)box.U[j];
            sb.Add(new Assertion(Term.Ge(Term.Linear([(eps * pj, v(j)), (-(lj * box.Side * eps), v(k))]), Term.Zero)));
            sb.Add(new Assertion(Term.Ge(Term.Linear([(uj * box.Side * eps, v(k)), (-(eps * pj), v(j))]), Term.Zero)));
        }
        return sb;
    }

    /// <summary>One solver call with the deadline and the exact model re-check; null (and the search marked incomplete
    /// unless the answer was unsat) when there is no usable model.</summary>
    private SmtAnswer? Ask(string what, SmtScript script, IReadOnlyList<string> vars, out SmtQuery query)
    {
        query = new SmtQuery($"reduced-search-{what}-{SignName(_eps)}-{Queries}", script, vars);
        if (_ct.IsCancellationRequested) { Fail("cancelled"); return null; }
        if (_options.Deadline is { } dl && DateTime.UtcNow > dl) { Fail("overall time limit reached before the search finished"); return null; }
        var remaining = _options.Deadline is { } dl2 ? dl2 - DateTime.UtcNow : _options.QueryLimit;
        var limit = remaining < _options.QueryLimit ? (remaining > TimeSpan.FromMilliseconds(100) ? remaining : TimeSpan.FromMilliseconds(100)) : _options.QueryLimit;
        var answer = _options.Solver.Solve(query, limit, _ct);
        Queries++;
        if (answer.Status == SmtStatus.Unsat) return null;
        if (answer.Status == SmtStatus.Unknown) { Fail($"solver could not decide a {what} query (value sign {SignName(_eps)}): {answer.Reason}"); return null; }
        if (answer.NonRational is { Count: > 0 }) { Fail("solver model has non-rational values: " + string.Join(", ", answer.NonRational)); return null; }
        if (!ExactModelChecker.Check(query.Script, answer.Model!, out var why)) { Fail($"solver model failed the exact re-check ({answer.Solver}): {why}"); return null; }
        return answer;
    }

    /// <summary>Every KKT point in a cone the search could not resolve (overflow, too many hyperplanes), by the solver.</summary>
    private void SolverCone(DirectionBox box, string why)
    {
        SolverCones++;
        SolverLoop("cone", [new Comment($"cone {box} ({why})"), .. _eps == 0 ? ConeConstraints(box, ReducedEncoding.B, 1) : ConeConstraints(box)]);
    }

    /// <summary>"Another KKT point of sign ε with these extra constraints" until unsat; every model re-checked exactly and
    /// classified as in <see cref="ReducedKktEnumerator"/>.</summary>
    private void SolverLoop(string what, IReadOnlyList<SmtCommand> extra)
    {
        var vars = _enc.Variables(_eps);
        while (Complete)
        {
            var answer = Ask(what, new SmtScript(_header).Add(extra).Add(_blocks), vars, out _);
            if (answer is null) return;
            var sigma = Enumerable.Range(0, _n).Select(i => answer.Model![ReducedEncoding.Sigma(i)]).ToArray();
            Rational[] b = _eps == 0
                ? Enumerable.Range(0, _d).Select(j => answer.Model![ReducedEncoding.B(j)]).ToArray()
                : _p.Gradient(sigma).Select(v => _eps * v).ToArray();
            var pattern = _p.PatternOf(b);
            if (!ReducedKktEnumerator.SlopesConsistent(_p, pattern, sigma)) { Fail("solver model's slopes do not match its own pattern (exact re-check)"); return; }
            if (_found.Contains(pattern)) { Fail("solver returned a blocked pattern (exact re-check)"); return; }
            int q = Queries;
            var kind = _eps == 0 ? ReducedKktEnumerator.ClassifyZero(_p, pattern, b, sigma)
                                 : ReducedKktEnumerator.Classify(_p, _enc, _eps, pattern, sigma, _options, ref q, _ct);
            Queries = q;
            if (kind.Point is null && kind.Family is null) { Fail(kind.Reason); return; }
            Accept(kind.Point, kind.Family, kind.Twin);
        }
    }

    public static string SignName(int eps) => eps > 0 ? "pos" : eps < 0 ? "neg" : "zero";

    /// <summary>The SMT-LIB2 statement "a KKT point of value sign ε whose pattern is none of those found" (expected
    /// unsat), for a stock solver to re-check the search's completeness. Patterns are blocked in ordinal order, so the text does not
    /// depend on the order the workers found them in.</summary>
    public SmtScript CompletenessStatement(int eps, IEnumerable<string> patterns) =>
        new SmtScript(_enc.Header(eps)).Add(patterns.Order(StringComparer.Ordinal).Select(_enc.Block));
}
