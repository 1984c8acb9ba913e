package dev.arbiter.verifiers.math;

import dev.arbiter.verifiers.math.Evaluator.Mat;
import dev.arbiter.verifiers.math.Evaluator.NotNumeric;
import dev.arbiter.verifiers.math.Evaluator.Scalar;
import dev.arbiter.verifiers.math.Evaluator.Value;
import dev.arbiter.verifiers.math.Node.Add;
import dev.arbiter.verifiers.math.Node.Const;
import dev.arbiter.verifiers.math.Node.Div;
import dev.arbiter.verifiers.math.Node.Func;
import dev.arbiter.verifiers.math.Node.Interval;
import dev.arbiter.verifiers.math.Node.Matrix;
import dev.arbiter.verifiers.math.Node.Mul;
import dev.arbiter.verifiers.math.Node.Neg;
import dev.arbiter.verifiers.math.Node.Num;
import dev.arbiter.verifiers.math.Node.Pct;
import dev.arbiter.verifiers.math.Node.PlusMinus;
import dev.arbiter.verifiers.math.Node.Pow;
import dev.arbiter.verifiers.math.Node.Rel;
import dev.arbiter.verifiers.math.Node.Seq;
import dev.arbiter.verifiers.math.Node.SeqKind;
import dev.arbiter.verifiers.math.Node.SetOp;
import dev.arbiter.verifiers.math.Node.Text;
import dev.arbiter.verifiers.math.Node.Var;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiPredicate;

/**
 * Decides whether a predicted answer means the same as the gold answer. One instance per
 * comparison: it remembers which rule decided, for the caller's explanation.
 *
 * <p>The rules follow Math-Verify's (huggingface/Math-Verify, grader.py) where its tests pin
 * behaviour: gold decides the format (an equation is unwrapped only when gold is not one), floats
 * are compared after rounding to {@code precision} decimals, sets ignore order, tuples do not.
 * Instead of sympy's simplify, expressions with variables are compared by evaluating both at fixed
 * pseudo-random points.
 */
final class Equivalence {

  // Enough points that a coincidental agreement of different expressions is negligible.
  private static final int POINTS = 10;
  private static final int MIN_VALID_POINTS = 3;
  private static final double RELATIVE_TOLERANCE = 1e-9;
  private static final double ABSOLUTE_TOLERANCE = 1e-12;

  private final int precision;
  private final boolean strict;
  private final boolean allowSetRelation;
  private String why = "";

  Equivalence(int precision, boolean strict, boolean allowSetRelation) {
    this.precision = precision;
    this.strict = strict;
    this.allowSetRelation = allowSetRelation;
  }

  /** The rule that decided the last positive comparison. */
  String why() {
    return why;
  }

  boolean equivalent(Node gold, Node pred) {
    if (!strict) {
      pred = renameVariables(gold, pred);
    }
    return eq(gold, pred);
  }

  // ---------------------------------------------------------------- dispatch

  private boolean eq(Node g, Node p) {
    boolean gAssign = isAssignment(g);
    boolean pAssign = isAssignment(p);
    boolean gEquation = isEquation(g);
    boolean pEquation = isEquation(p);
    if (gAssign) {
      g = firstToLast((Rel) g);
    }
    if (pAssign) {
      p = firstToLast((Rel) p);
    }
    // Gold decides the format: "x = 5" answers "5", but "2x + z = 1" is not answered by "1".
    if (pEquation && !gEquation) {
      p = last((Rel) p);
    } else if (gAssign && !pEquation) {
      g = last((Rel) g);
    }
    if (g instanceof Rel gr && isSetLike(p)) {
      Node asSet = relationToSet(gr);
      g = asSet == null ? g : asSet;
    } else if (allowSetRelation && p instanceof Rel pr && isSetLike(g)) {
      Node asSet = relationToSet(pr);
      p = asSet == null ? p : asSet;
    }
    if (g.equals(p)) {
      why = "identical after normalization";
      return true;
    }
    if (g instanceof Rel gr && p instanceof Rel pr) {
      return relationEq(gr, pr);
    }
    if (g instanceof Rel || p instanceof Rel) {
      return false;
    }
    g = expandPlusMinus(g);
    p = expandPlusMinus(p);
    if (isSetLike(g) || isSetLike(p)) {
      return setEq(g, p);
    }
    if (g instanceof Text || p instanceof Text) {
      return symbolEq(g, p);
    }
    if (containsMatrix(g) || containsMatrix(p)) {
      return matrixEq(g, p);
    }
    if (g instanceof Pct || p instanceof Pct) {
      return percentEq(g, p);
    }
    return scalarEq(g, p);
  }

  // ---------------------------------------------------------------- relations

  private static boolean isEquation(Node n) {
    return n instanceof Rel r && r.ops().stream().allMatch("="::equals);
  }

  private static boolean isAssignment(Node n) {
    return isEquation(n) && onlySymbols(((Rel) n).operands().get(0));
  }

  private static boolean onlySymbols(Node n) {
    return switch (n) {
      case Var v -> true;
      case Seq s -> !s.items().isEmpty() && s.items().stream().allMatch(Equivalence::onlySymbols);
      case Mul m -> m.factors().stream().allMatch(Equivalence::onlySymbols);
      case Div d -> onlySymbols(d.num()) && onlySymbols(d.den());
      case Func f ->
          f.name().startsWith("fn_")
              // "|AB| = 1" labels the answer 1 as much as "AB = 1" does.
              || (f.name().equals("abs") && f.args().stream().allMatch(Equivalence::onlySymbols));
      default -> false;
    };
  }

  private static Rel firstToLast(Rel r) {
    List<Node> o = r.operands();
    return new Rel(List.of(o.get(0), o.get(o.size() - 1)), List.of("="));
  }

  private static Node last(Rel r) {
    return r.operands().get(r.operands().size() - 1);
  }

  /** One link of a chain in canonical form: {@code f op 0} with op one of =, !=, <, <=. */
  private record Link(Node f, String op) {}

  private static List<Link> links(Rel r) {
    List<Link> out = new ArrayList<>();
    for (int i = 0; i < r.ops().size(); i++) {
      Node a = r.operands().get(i);
      Node b = r.operands().get(i + 1);
      String op = r.ops().get(i);
      switch (op) {
        case ">" -> out.add(new Link(difference(b, a), "<"));
        case ">=" -> out.add(new Link(difference(b, a), "<="));
        default -> out.add(new Link(difference(a, b), op));
      }
    }
    return out;
  }

  private static Node difference(Node a, Node b) {
    return new Add(List.of(a, new Neg(b)));
  }

  private boolean relationEq(Rel g, Rel p) {
    List<Link> gl = links(g);
    List<Link> pl = links(p);
    if (gl.size() != pl.size()) {
      return false;
    }
    if (linksEq(gl, pl)) {
      return true;
    }
    // "a < x < b" and "b > x > a" state the same links in reverse order.
    return linksEq(gl, pl.reversed());
  }

  private boolean linksEq(List<Link> gl, List<Link> pl) {
    for (int i = 0; i < gl.size(); i++) {
      Link a = gl.get(i);
      Link b = pl.get(i);
      if (!a.op().equals(b.op())) {
        return false;
      }
      boolean inequality = a.op().equals("<") || a.op().equals("<=");
      if (!proportional(a.f(), b.f(), inequality)) {
        return false;
      }
    }
    why = "same relation";
    return true;
  }

  /**
   * Whether h = c·f for a constant c (c > 0 when {@code positive}): then f op 0 and h op 0 have the
   * same solutions.
   */
  private boolean proportional(Node f, Node h, boolean positive) {
    Set<String> vars = variables(f, h);
    if (vars.isEmpty()) {
      return numbersEq(f, h);
    }
    Double ratio = null;
    int valid = 0;
    for (Map<String, Double> point : points(vars)) {
      double a;
      double b;
      try {
        Evaluator ev = new Evaluator(point);
        a = ev.scalar(f).approx();
        b = ev.scalar(h).approx();
      } catch (NotNumeric e) {
        return false;
      }
      if (!Double.isFinite(a) || !Double.isFinite(b)) {
        continue;
      }
      valid++;
      if (Math.abs(a) < 1e-9) {
        if (Math.abs(b) > 1e-9) {
          return false;
        }
        continue;
      }
      double r = b / a;
      if (ratio == null) {
        if (Math.abs(r) < 1e-12 || (positive && r < 0)) {
          return false;
        }
        ratio = r;
      } else if (!close(ratio, r)) {
        return false;
      }
    }
    return valid >= MIN_VALID_POINTS && ratio != null;
  }

  /** "1 < x <= 2" → (1, 2]; "x >= 3" → [3, oo); "x != 0" → (-oo, 0) ∪ (0, oo). */
  private static Node relationToSet(Rel r) {
    Node oo = new Const("oo");
    Node minusOo = new Neg(oo);
    List<Node> o = r.operands();
    List<String> ops = r.ops();
    if (ops.size() == 2
        && o.get(1) instanceof Func abs
        && abs.name().equals("abs")
        && isUnknown(abs.args().get(0))
        && isConstant(o.get(0))
        && isConstant(o.get(2))
        && ops.stream().allMatch(s -> s.equals("<") || s.equals("<="))
        && nonNegative(o.get(0))) {
      // "1 <= |z| <= 3/2" holds on [-3/2, -1] ∪ [1, 3/2] (Math-Verify's test_numina_cases.py).
      boolean loOpen = ops.get(0).equals("<");
      boolean hiOpen = ops.get(1).equals("<");
      return new SetOp(
          "cup",
          List.of(
              new Interval(new Neg(o.get(2)), new Neg(o.get(0)), hiOpen, loOpen),
              new Interval(o.get(0), o.get(2), loOpen, hiOpen)));
    }
    if (ops.size() == 2 && isUnknown(o.get(1)) && isConstant(o.get(0)) && isConstant(o.get(2))) {
      boolean up = ops.stream().allMatch(s -> s.equals("<") || s.equals("<="));
      boolean down = ops.stream().allMatch(s -> s.equals(">") || s.equals(">="));
      if (up) {
        return new Interval(o.get(0), o.get(2), ops.get(0).equals("<"), ops.get(1).equals("<"));
      }
      if (down) {
        return new Interval(o.get(2), o.get(0), ops.get(1).equals(">"), ops.get(0).equals(">"));
      }
      return null;
    }
    if (ops.size() != 1) {
      return null;
    }
    String op = ops.get(0);
    Node c;
    if (isUnknown(o.get(0)) && isConstant(o.get(1))) {
      c = o.get(1);
    } else if (isUnknown(o.get(1)) && isConstant(o.get(0))) {
      c = o.get(0);
      op =
          switch (op) {
            case "<" -> ">";
            case "<=" -> ">=";
            case ">" -> "<";
            case ">=" -> "<=";
            default -> op;
          };
    } else {
      return null;
    }
    return switch (op) {
      case "<" -> new Interval(minusOo, c, true, true);
      case "<=" -> new Interval(minusOo, c, true, false);
      case ">" -> new Interval(c, oo, true, true);
      case ">=" -> new Interval(c, oo, false, true);
      case "=" -> new Seq(List.of(c), SeqKind.SET);
      case "!=" ->
          new SetOp(
              "cup",
              List.of(new Interval(minusOo, c, true, true), new Interval(c, oo, true, true)));
      default -> null;
    };
  }

  private static boolean nonNegative(Node constant) {
    try {
      return new Evaluator(Map.of()).scalar(constant).approx() >= 0;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** The unknown of a one-variable relation: x, or an undefined function's value f(x). */
  private static boolean isUnknown(Node n) {
    return n instanceof Var || (n instanceof Func f && f.name().startsWith("fn_"));
  }

  private static boolean isConstant(Node n) {
    return variables(n).isEmpty() && !(n instanceof Func f && f.name().startsWith("fn_"));
  }

  // ---------------------------------------------------------------- sets, tuples, intervals

  private static boolean isSetLike(Node n) {
    return n instanceof Seq || n instanceof Interval || n instanceof SetOp;
  }

  private boolean setEq(Node g, Node p) {
    if (g instanceof SetOp || p instanceof SetOp) {
      return unionEq(g, p);
    }
    if (g instanceof Interval || p instanceof Interval) {
      Interval a = asInterval(g);
      Interval b = asInterval(p);
      if (a == null || b == null) {
        return false;
      }
      return intervalEq(a, b);
    }
    List<Node> gi = g instanceof Seq s ? s.items() : List.of(g);
    List<Node> pi = p instanceof Seq s ? s.items() : List.of(p);
    SeqKind gk = g instanceof Seq s ? s.kind() : SeqKind.LIST;
    SeqKind pk = p instanceof Seq s ? s.kind() : SeqKind.LIST;
    boolean gOrdered = gk == SeqKind.PAIR || gk == SeqKind.TUPLE;
    boolean pOrdered = pk == SeqKind.PAIR || pk == SeqKind.TUPLE;
    if (gOrdered || pOrdered) {
      if (gi.size() != pi.size()) {
        return false;
      }
      // A tuple against a written list is compared in the order written.
      for (int i = 0; i < gi.size(); i++) {
        if (!eq(gi.get(i), pi.get(i))) {
          return false;
        }
      }
      why = "same tuple";
      return true;
    }
    if (!gi.isEmpty() && !pi.isEmpty() && sameSet(gi, pi, this::eq)) {
      why = "same set";
      return true;
    }
    return false;
  }

  /**
   * Set equality: every gold item has an equal predicted item and vice versa (duplicates ignored).
   */
  private static boolean sameSet(List<Node> gold, List<Node> pred, BiPredicate<Node, Node> eq) {
    for (Node g : gold) {
      if (pred.stream().noneMatch(p -> eq.test(g, p))) {
        return false;
      }
    }
    for (Node p : pred) {
      if (gold.stream().noneMatch(g -> eq.test(g, p))) {
        return false;
      }
    }
    return true;
  }

  private static Interval asInterval(Node n) {
    if (n instanceof Interval i) {
      return i;
    }
    if (n instanceof Seq s && s.kind() == SeqKind.PAIR) {
      return new Interval(s.items().get(0), s.items().get(1), true, true);
    }
    return null;
  }

  private boolean intervalEq(Interval a, Interval b) {
    if (a.loOpen() == b.loOpen()
        && a.hiOpen() == b.hiOpen()
        && eq(a.lo(), b.lo())
        && eq(a.hi(), b.hi())) {
      why = "same interval";
      return true;
    }
    return false;
  }

  private boolean unionEq(Node g, Node p) {
    List<Node> gp = unionParts(g);
    List<Node> pp = unionParts(p);
    if (gp == null || pp == null) {
      return false;
    }
    List<Node> gIntervals = new ArrayList<>();
    List<Node> gPoints = new ArrayList<>();
    split(gp, gIntervals, gPoints);
    List<Node> pIntervals = new ArrayList<>();
    List<Node> pPoints = new ArrayList<>();
    split(pp, pIntervals, pPoints);
    boolean same =
        sameSet(gIntervals, pIntervals, (a, b) -> intervalEq(asInterval(a), asInterval(b)))
            && sameSet(gPoints, pPoints, this::eq);
    if (same) {
      why = "same union of sets";
    }
    return same;
  }

  private static List<Node> unionParts(Node n) {
    if (n instanceof SetOp so) {
      if (!so.op().equals("cup")) {
        return null;
      }
      List<Node> out = new ArrayList<>();
      for (Node part : so.parts()) {
        List<Node> inner = unionParts(part);
        if (inner == null) {
          return null;
        }
        out.addAll(inner);
      }
      return out;
    }
    return List.of(n);
  }

  private static void split(List<Node> parts, List<Node> intervals, List<Node> points) {
    for (Node part : parts) {
      if (asInterval(part) != null) {
        intervals.add(part);
      } else if (part instanceof Seq s) {
        points.addAll(s.items());
      } else {
        points.add(part);
      }
    }
  }

  /** a ± b inside an expression becomes the list of both values. */
  private static Node expandPlusMinus(Node n) {
    if (n instanceof Seq s) {
      List<Node> items = new ArrayList<>();
      for (Node item : s.items()) {
        Node e = expandPlusMinus(item);
        if (e instanceof Seq inner && inner.kind() == SeqKind.LIST && !(item instanceof Seq)) {
          items.addAll(inner.items());
        } else {
          items.add(e);
        }
      }
      return new Seq(items, s.kind());
    }
    if (!containsPlusMinus(n)) {
      return n;
    }
    List<Node> values = expansions(n);
    return values.size() == 1 ? values.get(0) : new Seq(values, SeqKind.LIST);
  }

  private static boolean containsPlusMinus(Node n) {
    return switch (n) {
      case PlusMinus pm -> true;
      case Neg x -> containsPlusMinus(x.x());
      case Add a -> a.terms().stream().anyMatch(Equivalence::containsPlusMinus);
      case Mul m -> m.factors().stream().anyMatch(Equivalence::containsPlusMinus);
      case Div d -> containsPlusMinus(d.num()) || containsPlusMinus(d.den());
      case Pow p -> containsPlusMinus(p.base()) || containsPlusMinus(p.exp());
      case Func f -> f.args().stream().anyMatch(Equivalence::containsPlusMinus);
      default -> false;
    };
  }

  private static List<Node> expansions(Node n) {
    return switch (n) {
      case PlusMinus pm -> {
        List<Node> out = new ArrayList<>();
        for (Node a : expansions(pm.a())) {
          for (Node b : expansions(pm.b())) {
            out.add(new Add(List.of(a, b)));
            out.add(new Add(List.of(a, new Neg(b))));
          }
        }
        yield out;
      }
      case Neg x -> expansions(x.x()).stream().<Node>map(Neg::new).toList();
      case Add a -> product(a.terms()).stream().<Node>map(Add::new).toList();
      case Mul m -> product(m.factors()).stream().<Node>map(Mul::new).toList();
      case Div d ->
          product(List.of(d.num(), d.den())).stream()
              .<Node>map(l -> new Div(l.get(0), l.get(1)))
              .toList();
      case Pow p ->
          product(List.of(p.base(), p.exp())).stream()
              .<Node>map(l -> new Pow(l.get(0), l.get(1)))
              .toList();
      case Func f -> product(f.args()).stream().<Node>map(l -> new Func(f.name(), l)).toList();
      default -> List.of(n);
    };
  }

  private static List<List<Node>> product(List<Node> parts) {
    List<List<Node>> out = new ArrayList<>();
    out.add(new ArrayList<>());
    for (Node part : parts) {
      List<List<Node>> next = new ArrayList<>();
      for (List<Node> prefix : out) {
        for (Node choice : expansions(part)) {
          List<Node> l = new ArrayList<>(prefix);
          l.add(choice);
          next.add(l);
        }
      }
      out = next;
    }
    return out;
  }

  // ---------------------------------------------------------------- text and symbols

  /** \text{Evelyn} matches Evelyn written as letters; case is ignored for names longer than 1. */
  private boolean symbolEq(Node g, Node p) {
    String a = name(g);
    String b = name(p);
    if (a == null || b == null) {
      return false;
    }
    boolean same = a.length() > 1 || b.length() > 1 ? a.equalsIgnoreCase(b) : a.equals(b);
    if (same) {
      why = "same text";
    }
    return same;
  }

  private static String name(Node n) {
    return switch (n) {
      case Text t -> t.text();
      case Var v -> v.name();
      case Const c when c.name().equals("e") -> "e";
      case Mul m -> {
        StringBuilder b = new StringBuilder();
        for (Node f : m.factors()) {
          String part = name(f);
          if (part == null || f instanceof Text) {
            yield null;
          }
          b.append(part);
        }
        yield b.toString();
      }
      default -> null;
    };
  }

  // ---------------------------------------------------------------- numbers and expressions

  private boolean percentEq(Node g, Node p) {
    if (g instanceof Pct a && p instanceof Pct b) {
      return scalarEq(a.x(), b.x());
    }
    // "28%" is answered by "28" or by "0.28" (Math-Verify's tests accept the former).
    Node pct = g instanceof Pct a ? a.x() : ((Pct) p).x();
    Node other = g instanceof Pct ? p : g;
    return scalarEq(pct, other) || scalarEq(new Pct(pct), other);
  }

  private static boolean isDecimalLiteral(Node n) {
    return switch (n) {
      case Num num -> num.decimal();
      case Neg x -> isDecimalLiteral(x.x());
      case Pct x -> isDecimalLiteral(x.x());
      default -> false;
    };
  }

  private boolean scalarEq(Node g, Node p) {
    Set<String> vars = variables(g, p);
    if (vars.isEmpty()) {
      return numbersEq(g, p);
    }
    int valid = 0;
    for (Map<String, Double> point : points(vars)) {
      Scalar a;
      Scalar b;
      try {
        Evaluator ev = new Evaluator(point);
        a = ev.scalar(g);
        b = ev.scalar(p);
      } catch (NotNumeric e) {
        return false;
      }
      if (!Double.isFinite(a.approx()) || !Double.isFinite(b.approx())) {
        continue;
      }
      if (!close(a.approx(), b.approx())) {
        return false;
      }
      valid++;
    }
    if (valid >= MIN_VALID_POINTS) {
      why = "same value at " + valid + " sample points";
      return true;
    }
    return false;
  }

  private boolean numbersEq(Node g, Node p) {
    Scalar a;
    Scalar b;
    try {
      Evaluator ev = new Evaluator(Map.of());
      a = ev.scalar(g);
      b = ev.scalar(p);
    } catch (NotNumeric | ArithmeticException e) {
      return false;
    }
    return scalarsEq(a, b, isDecimalLiteral(g) || isDecimalLiteral(p));
  }

  private boolean scalarsEq(Scalar a, Scalar b, boolean decimal) {
    if (decimal && rounded(a) != null && rounded(a).equals(rounded(b))) {
      why = "equal to " + precision + " decimals";
      return true;
    }
    if (a.isExact() && b.isExact()) {
      if (a.exact().equals(b.exact())) {
        why = "same exact value";
        return true;
      }
      return false;
    }
    if (close(a.approx(), b.approx())) {
      why = "same numeric value";
      return true;
    }
    return false;
  }

  private BigDecimal rounded(Scalar s) {
    if (s.isExact()) {
      return s.exact().round(precision);
    }
    if (!Double.isFinite(s.approx())) {
      return null;
    }
    return new BigDecimal(Double.toString(s.approx())).setScale(precision, RoundingMode.HALF_EVEN);
  }

  private static boolean close(double a, double b) {
    if (a == b) {
      return true;
    }
    if (Double.isNaN(a) || Double.isNaN(b) || Double.isInfinite(a) || Double.isInfinite(b)) {
      return false;
    }
    double diff = Math.abs(a - b);
    return diff <= ABSOLUTE_TOLERANCE
        || diff <= RELATIVE_TOLERANCE * Math.max(Math.abs(a), Math.abs(b));
  }

  // ---------------------------------------------------------------- matrices

  private static boolean containsMatrix(Node n) {
    return switch (n) {
      case Matrix m -> true;
      case Neg x -> containsMatrix(x.x());
      case Add a -> a.terms().stream().anyMatch(Equivalence::containsMatrix);
      case Mul m -> m.factors().stream().anyMatch(Equivalence::containsMatrix);
      case Div d -> containsMatrix(d.num());
      default -> false;
    };
  }

  private boolean matrixEq(Node g, Node p) {
    if (g instanceof Matrix a && p instanceof Matrix b) {
      if (a.rows().size() != b.rows().size() || a.rows().get(0).size() != b.rows().get(0).size()) {
        return false;
      }
      for (int r = 0; r < a.rows().size(); r++) {
        for (int c = 0; c < a.rows().get(r).size(); c++) {
          if (!eq(a.rows().get(r).get(c), b.rows().get(r).get(c))) {
            return false;
          }
        }
      }
      why = "same matrix";
      return true;
    }
    // A sum or product of matrices: evaluate both sides.
    Set<String> vars = variables(g, p);
    List<Map<String, Double>> points = vars.isEmpty() ? List.of(Map.of()) : points(vars);
    for (Map<String, Double> point : points) {
      Value a;
      Value b;
      try {
        Evaluator ev = new Evaluator(point);
        a = ev.eval(g);
        b = ev.eval(p);
      } catch (NotNumeric | ArithmeticException e) {
        return false;
      }
      if (!(a instanceof Mat x)
          || !(b instanceof Mat y)
          || x.rows() != y.rows()
          || x.cols() != y.cols()) {
        return false;
      }
      for (int r = 0; r < x.rows(); r++) {
        for (int c = 0; c < x.cols(); c++) {
          if (!scalarsEq(x.cells()[r][c], y.cells()[r][c], false)) {
            return false;
          }
        }
      }
    }
    why = "same matrix value";
    return true;
  }

  // ---------------------------------------------------------------- variables and sample points

  static Set<String> variables(Node... nodes) {
    Set<String> out = new TreeSet<>();
    for (Node n : nodes) {
      collect(n, out);
    }
    return out;
  }

  private static void collect(Node n, Set<String> out) {
    switch (n) {
      case Var v -> out.add(v.name());
      case Neg x -> collect(x.x(), out);
      case Pct x -> collect(x.x(), out);
      case Add a -> a.terms().forEach(t -> collect(t, out));
      case Mul m -> m.factors().forEach(t -> collect(t, out));
      case Div d -> {
        collect(d.num(), out);
        collect(d.den(), out);
      }
      case Pow p -> {
        collect(p.base(), out);
        collect(p.exp(), out);
      }
      case Func f -> f.args().forEach(t -> collect(t, out));
      case PlusMinus pm -> {
        collect(pm.a(), out);
        collect(pm.b(), out);
      }
      case Rel r -> r.operands().forEach(t -> collect(t, out));
      case Seq s -> s.items().forEach(t -> collect(t, out));
      case Interval i -> {
        collect(i.lo(), out);
        collect(i.hi(), out);
      }
      case SetOp so -> so.parts().forEach(t -> collect(t, out));
      case Matrix m -> m.rows().forEach(r -> r.forEach(t -> collect(t, out)));
      default -> {}
    }
  }

  /**
   * Fixed pseudo-random points (reproducible verdicts): half in (0.2, 3) where roots and logs are
   * defined, half in (-3, 3).
   */
  private static List<Map<String, Double>> points(Set<String> vars) {
    Random rnd = new Random(20_241_124L);
    List<Map<String, Double>> out = new ArrayList<>();
    for (int i = 0; i < POINTS; i++) {
      Map<String, Double> p = new HashMap<>();
      for (String v : vars) {
        double x = i % 2 == 0 ? 0.2 + 2.8 * rnd.nextDouble() : -3 + 6 * rnd.nextDouble();
        p.put(v, x);
      }
      out.add(p);
    }
    return out;
  }

  /** Non-strict mode: the prediction's variables are renamed to gold's, in sorted order. */
  private static Node renameVariables(Node gold, Node pred) {
    List<String> gv = new ArrayList<>(variables(gold));
    List<String> pv = new ArrayList<>(variables(pred));
    if (gv.size() != pv.size() || gv.equals(pv)) {
      return pred;
    }
    Map<String, String> map = new HashMap<>();
    for (int i = 0; i < gv.size(); i++) {
      map.put(pv.get(i), gv.get(i));
    }
    return rename(pred, map);
  }

  private static Node rename(Node n, Map<String, String> map) {
    return switch (n) {
      case Var v -> new Var(map.getOrDefault(v.name(), v.name()));
      case Neg x -> new Neg(rename(x.x(), map));
      case Pct x -> new Pct(rename(x.x(), map));
      case Add a -> new Add(a.terms().stream().map(t -> rename(t, map)).toList());
      case Mul m -> new Mul(m.factors().stream().map(t -> rename(t, map)).toList());
      case Div d -> new Div(rename(d.num(), map), rename(d.den(), map));
      case Pow p -> new Pow(rename(p.base(), map), rename(p.exp(), map));
      case Func f -> new Func(f.name(), f.args().stream().map(t -> rename(t, map)).toList());
      case PlusMinus pm -> new PlusMinus(rename(pm.a(), map), rename(pm.b(), map));
      case Rel r -> new Rel(r.operands().stream().map(t -> rename(t, map)).toList(), r.ops());
      case Seq s -> new Seq(s.items().stream().map(t -> rename(t, map)).toList(), s.kind());
      case Interval i ->
          new Interval(rename(i.lo(), map), rename(i.hi(), map), i.loOpen(), i.hiOpen());
      case SetOp so -> new SetOp(so.op(), so.parts().stream().map(t -> rename(t, map)).toList());
      case Matrix m ->
          new Matrix(
              m.rows().stream().map(r -> r.stream().map(t -> rename(t, map)).toList()).toList());
      default -> n;
    };
  }
}
