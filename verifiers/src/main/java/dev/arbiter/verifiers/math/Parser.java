package dev.arbiter.verifiers.math;

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
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A recursive-descent parser for answers written in LaTeX math mode or as plain expressions ("2/3",
 * "3^2 + 1"). It covers what final answers use: numbers, fractions, roots, powers, functions,
 * constants, relations, ±, intervals, sets, tuples, unions and matrices. Anything else is a {@link
 * ParseException}, and the caller falls back to comparing text.
 */
final class Parser {

  /** The input is not an answer this parser understands. */
  static final class ParseException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ParseException(String message) {
      super(message, null, false, false);
    }
  }

  private enum Kind {
    NUM,
    LETTER,
    NAME,
    CMD,
    SYM,
    TEXT,
    BEGIN,
    END,
    ROWSEP,
    EOF
  }

  private record Tok(Kind kind, String text) {
    boolean is(Kind k, String t) {
      return kind == k && text.equals(t);
    }

    boolean sym(String t) {
      return is(Kind.SYM, t);
    }

    boolean cmd(String t) {
      return is(Kind.CMD, t);
    }
  }

  private static final Set<String> FUNCTIONS =
      Set.of(
          "sin", "cos", "tan", "sec", "csc", "cot", "arcsin", "arccos", "arctan", "sinh", "cosh",
          "tanh", "ln", "log", "exp", "max", "min", "gcd", "lcm");
  private static final Set<String> GREEK =
      Set.of(
          "alpha",
          "beta",
          "gamma",
          "delta",
          "epsilon",
          "varepsilon",
          "zeta",
          "eta",
          "theta",
          "vartheta",
          "iota",
          "kappa",
          "lambda",
          "mu",
          "nu",
          "xi",
          "rho",
          "sigma",
          "tau",
          "upsilon",
          "phi",
          "varphi",
          "chi",
          "psi",
          "omega",
          "Gamma",
          "Delta",
          "Theta",
          "Lambda",
          "Xi",
          "Sigma",
          "Phi",
          "Psi",
          "Omega");
  private static final Set<String> TEXT_COMMANDS =
      Set.of(
          "text",
          "textbf",
          "textit",
          "textrm",
          "textsf",
          "texttt",
          "textnormal",
          "mbox",
          "hbox",
          "mathrm",
          "mathit",
          "mathsf",
          "mathtt",
          "rm");
  private static final Set<String> NAME_COMMANDS =
      Set.of(
          "mathbf",
          "boldsymbol",
          "bm",
          "vec",
          "overrightarrow",
          "overline",
          "bar",
          "hat",
          "mathcal",
          "mathbb",
          "widehat",
          "tilde",
          "underline");
  private static final Set<String> MATRIX_ENVS =
      Set.of("pmatrix", "bmatrix", "Bmatrix", "matrix", "smallmatrix", "array");
  private static final Map<String, String> RELATIONS =
      Map.ofEntries(
          Map.entry("=", "="),
          Map.entry("<", "<"),
          Map.entry(">", ">"),
          Map.entry("<=", "<="),
          Map.entry(">=", ">="),
          Map.entry("!=", "!="),
          Map.entry("\\le", "<="),
          Map.entry("\\leq", "<="),
          Map.entry("\\leqslant", "<="),
          Map.entry("\\ge", ">="),
          Map.entry("\\geq", ">="),
          Map.entry("\\geqslant", ">="),
          Map.entry("\\ne", "!="),
          Map.entry("\\neq", "!="),
          Map.entry("\\lt", "<"),
          Map.entry("\\gt", ">"),
          Map.entry("\\in", "in"));
  private static final Set<String> SKIPPED =
      Set.of("displaystyle", "left", "right", "limits", "quad", "qquad", "mathstrut", "middle");

  private final List<Tok> toks;
  private final boolean latex;
  private int pos;

  private Parser(List<Tok> toks, boolean latex) {
    this.toks = toks;
    this.latex = latex;
  }

  /** Parses normalized LaTeX (see {@link LatexNormalizer}). */
  static Node parseLatex(String s) {
    return parse(s, true);
  }

  /** Parses a plain expression such as "(1/2) * 3" or "2**10". */
  static Node parsePlain(String s) {
    return parse(s, false);
  }

  private static Node parse(String s, boolean latex) {
    if (s.isBlank()) {
      throw new ParseException("empty answer");
    }
    Parser p = new Parser(tokenize(s, latex), latex);
    Node n = p.list();
    if (p.peek().kind != Kind.EOF) {
      throw new ParseException("unexpected '" + p.peek().text + "'");
    }
    return n;
  }

  // ---------------------------------------------------------------- tokens

  private static List<Tok> tokenize(String s, boolean latex) {
    List<Tok> out = new ArrayList<>();
    int i = 0;
    int n = s.length();
    while (i < n) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (Character.isDigit(c)
          || (c == '.' && i + 1 < n && Character.isDigit(s.charAt(i + 1)))) {
        int j = i;
        while (j < n && Character.isDigit(s.charAt(j))) {
          j++;
        }
        if (j + 1 < n && s.charAt(j) == '.' && Character.isDigit(s.charAt(j + 1))) {
          j++;
          while (j < n && Character.isDigit(s.charAt(j))) {
            j++;
          }
        }
        out.add(new Tok(Kind.NUM, s.substring(i, j)));
        i = j;
      } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
        out.add(new Tok(Kind.LETTER, String.valueOf(c)));
        i++;
      } else if (c == '\\') {
        i = command(s, i, out);
      } else {
        i = symbol(s, i, out, latex);
      }
    }
    out.add(new Tok(Kind.EOF, "<end>"));
    return out;
  }

  private static int command(String s, int i, List<Tok> out) {
    int n = s.length();
    if (i + 1 >= n) {
      throw new ParseException("dangling backslash");
    }
    char c = s.charAt(i + 1);
    if (c == '\\') {
      out.add(new Tok(Kind.ROWSEP, "\\\\"));
      return i + 2;
    }
    if (!Character.isLetter(c)) {
      switch (c) {
        case '{', '}' -> out.add(new Tok(Kind.SYM, "\\" + c));
        case '%' -> out.add(new Tok(Kind.SYM, "%"));
        case '|' -> out.add(new Tok(Kind.SYM, "|"));
        case ',', ';', ':', '!', ' ', '$' -> {}
        default -> throw new ParseException("unknown command \\" + c);
      }
      return i + 2;
    }
    int j = i + 1;
    while (j < n && Character.isLetter(s.charAt(j))) {
      j++;
    }
    String name = s.substring(i + 1, j);
    if (TEXT_COMMANDS.contains(name)
        || NAME_COMMANDS.contains(name)
        || name.equals("operatorname")
        || name.equals("begin")
        || name.equals("end")) {
      int k = skipSpaces(s, j);
      if (k >= n || s.charAt(k) != '{') {
        throw new ParseException("\\" + name + " without a braced argument");
      }
      int close = LatexNormalizer.matchingBrace(s, k);
      if (close < 0) {
        throw new ParseException("unbalanced braces after \\" + name);
      }
      String arg = s.substring(k + 1, close).strip();
      int next = close + 1;
      if (name.equals("begin")) {
        out.add(new Tok(Kind.BEGIN, arg));
        if (arg.equals("array")) {
          int spec = skipSpaces(s, next);
          if (spec < n && s.charAt(spec) == '{') {
            int specClose = LatexNormalizer.matchingBrace(s, spec);
            next = specClose < 0 ? next : specClose + 1;
          }
        }
      } else if (name.equals("end")) {
        out.add(new Tok(Kind.END, arg));
      } else if (name.equals("operatorname")) {
        out.add(FUNCTIONS.contains(arg) ? new Tok(Kind.CMD, arg) : new Tok(Kind.TEXT, arg));
      } else if (NAME_COMMANDS.contains(name)) {
        String inner = arg.replaceAll("\\\\[a-zA-Z]+\\s*", "").replaceAll("[{}\\s]", "");
        if (inner.isEmpty()) {
          throw new ParseException("empty \\" + name);
        }
        out.add(new Tok(Kind.NAME, inner));
      } else {
        out.add(new Tok(Kind.TEXT, arg));
      }
      return next;
    }
    if (!SKIPPED.contains(name)) {
      out.add(new Tok(Kind.CMD, name));
    }
    return j;
  }

  private static int skipSpaces(String s, int i) {
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
    return i;
  }

  private static int symbol(String s, int i, List<Tok> out, boolean latex) {
    char c = s.charAt(i);
    char next = i + 1 < s.length() ? s.charAt(i + 1) : '\0';
    switch (c) {
      case '<', '>', '!' -> {
        if (next == '=') {
          out.add(new Tok(Kind.SYM, c + "="));
          return i + 2;
        }
        out.add(new Tok(Kind.SYM, String.valueOf(c)));
        return i + 1;
      }
      case '*' -> {
        if (next == '*') {
          out.add(new Tok(Kind.SYM, "^"));
          return i + 2;
        }
        out.add(new Tok(Kind.SYM, "*"));
        return i + 1;
      }
      case '−', '–' -> out.add(new Tok(Kind.SYM, "-"));
      case '×' -> out.add(new Tok(Kind.CMD, "times"));
      case '÷' -> out.add(new Tok(Kind.CMD, "div"));
      case '·', '⋅' -> out.add(new Tok(Kind.CMD, "cdot"));
      case '≤' -> out.add(new Tok(Kind.SYM, "<="));
      case '≥' -> out.add(new Tok(Kind.SYM, ">="));
      case '≠' -> out.add(new Tok(Kind.SYM, "!="));
      case 'π' -> out.add(new Tok(Kind.CMD, "pi"));
      case '∞' -> out.add(new Tok(Kind.CMD, "infty"));
      case '√' -> out.add(new Tok(Kind.CMD, "sqrt"));
      case '±' -> out.add(new Tok(Kind.CMD, "pm"));
      case '∪' -> out.add(new Tok(Kind.CMD, "cup"));
      case '+',
          '-',
          '/',
          '^',
          '_',
          '(',
          ')',
          '[',
          ']',
          '{',
          '}',
          ',',
          ';',
          '=',
          '|',
          '&',
          '%',
          ':' ->
          out.add(new Tok(Kind.SYM, String.valueOf(c)));
      default -> throw new ParseException("unexpected character '" + c + "'");
    }
    return i + 1;
  }

  // ---------------------------------------------------------------- grammar

  private Tok peek() {
    return toks.get(pos);
  }

  private Tok next() {
    return toks.get(pos++);
  }

  private void expectSym(String s) {
    if (!peek().sym(s)) {
      throw new ParseException("expected '" + s + "' but found '" + peek().text + "'");
    }
    pos++;
  }

  private boolean isItemSeparator(Tok t) {
    return t.sym(",") || t.sym(";");
  }

  private List<Node> items() {
    List<Node> items = new ArrayList<>();
    items.add(relation());
    while (isItemSeparator(peek())) {
      next();
      items.add(relation());
    }
    return items;
  }

  private Node list() {
    // "p=5, q=2; p=7, q=2": when both separators occur, ';' separates groups and ',' their items
    // (Math-Verify's test_numina_cases.py pairs this with "(5,2),(7,2)").
    List<List<Node>> groups = new ArrayList<>();
    List<Node> group = new ArrayList<>();
    boolean commas = false;
    group.add(relation());
    while (isItemSeparator(peek())) {
      if (next().sym(";")) {
        groups.add(group);
        group = new ArrayList<>();
      } else {
        commas = true;
      }
      group.add(relation());
    }
    groups.add(group);
    if (groups.size() > 1 && commas) {
      List<Node> grouped = new ArrayList<>();
      for (List<Node> g : groups) {
        grouped.add(g.size() == 1 ? g.get(0) : new Seq(g, SeqKind.LIST));
      }
      return new Seq(grouped, SeqKind.LIST);
    }
    List<Node> items = groups.stream().flatMap(List::stream).toList();
    return items.size() == 1 ? items.get(0) : new Seq(items, SeqKind.LIST);
  }

  private String relOp(Tok t) {
    if (t.kind == Kind.SYM) {
      return RELATIONS.get(t.text);
    }
    if (t.kind == Kind.CMD) {
      return RELATIONS.get("\\" + t.text);
    }
    return null;
  }

  private Node relation() {
    List<Node> operands = new ArrayList<>();
    List<String> ops = new ArrayList<>();
    operands.add(setExpr());
    String op;
    while ((op = relOp(peek())) != null) {
      next();
      ops.add(op);
      operands.add(setExpr());
    }
    if (ops.isEmpty()) {
      return operands.get(0);
    }
    int in = ops.lastIndexOf("in");
    if (in >= 0) {
      // "x \in [0, 1)" answers with the set (as latex2sympy does).
      if (in != ops.size() - 1) {
        throw new ParseException("relation after \\in");
      }
      return operands.get(operands.size() - 1);
    }
    return new Rel(operands, ops);
  }

  private Node setExpr() {
    Node left = additive();
    while (peek().cmd("cup") || peek().cmd("cap") || peek().cmd("setminus")) {
      String op = next().text;
      Node right = additive();
      if (left instanceof SetOp so && so.op().equals(op)) {
        List<Node> parts = new ArrayList<>(so.parts());
        parts.add(right);
        left = new SetOp(op, parts);
      } else {
        left = new SetOp(op, List.of(left, right));
      }
    }
    return left;
  }

  private Node additive() {
    List<Node> terms = new ArrayList<>();
    terms.add(term());
    while (true) {
      Tok t = peek();
      if (t.sym("+")) {
        next();
        terms.add(term());
      } else if (t.sym("-")) {
        next();
        terms.add(new Neg(term()));
      } else if (t.cmd("pm") || t.cmd("mp")) {
        next();
        Node right = term();
        Node left = terms.size() == 1 ? terms.get(0) : new Add(terms);
        terms = new ArrayList<>();
        terms.add(new PlusMinus(left, t.cmd("pm") ? right : new Neg(right)));
      } else {
        break;
      }
    }
    return terms.size() == 1 ? terms.get(0) : new Add(terms);
  }

  private Node term() {
    Node left = signed();
    while (true) {
      Tok t = peek();
      if (t.sym("*") || t.cmd("cdot") || t.cmd("times") || t.cmd("ast")) {
        next();
        left = multiply(left, signed());
      } else if (t.sym("/") || t.cmd("div") || (latex && t.sym(":"))) {
        next();
        left = new Div(left, signed());
      } else if (startsImplicitFactor(t)) {
        left = multiply(left, power());
      } else {
        return left;
      }
    }
  }

  private static Node multiply(Node left, Node right) {
    List<Node> f = new ArrayList<>();
    if (left instanceof Mul m) {
      f.addAll(m.factors());
    } else {
      f.add(left);
    }
    f.add(right);
    return new Mul(f);
  }

  private boolean startsImplicitFactor(Tok t) {
    return switch (t.kind) {
      case NUM, LETTER, NAME -> true;
      case BEGIN -> MATRIX_ENVS.contains(t.text);
      case SYM -> t.text.equals("(");
      case CMD ->
          FUNCTIONS.contains(t.text)
              || GREEK.contains(t.text)
              || Set.of("frac", "sqrt", "binom", "pi", "infty", "lfloor", "lceil").contains(t.text);
      default -> false;
    };
  }

  private Node signed() {
    Tok t = peek();
    if (t.sym("-")) {
      next();
      return new Neg(signed());
    }
    if (t.sym("+")) {
      next();
      return signed();
    }
    if (t.cmd("pm") || t.cmd("mp")) {
      next();
      Node x = signed();
      return new PlusMinus(new Num(Rational.ZERO, false), x);
    }
    return power();
  }

  private Node power() {
    Node base = postfix();
    if (peek().sym("^")) {
      next();
      Node exp = exponent();
      return postfixOps(new Pow(base, exp));
    }
    return base;
  }

  private Node exponent() {
    Tok t = peek();
    if (t.sym("{")) {
      next();
      Node e = list();
      expectSym("}");
      return e;
    }
    if (t.sym("-")) {
      next();
      return new Neg(exponent());
    }
    if (t.sym("+")) {
      next();
      return exponent();
    }
    if (latex && t.kind == Kind.NUM) {
      return singleCharArgument();
    }
    return postfix();
  }

  private Node postfix() {
    return postfixOps(primary());
  }

  private Node postfixOps(Node p) {
    while (true) {
      if (peek().sym("!")) {
        next();
        p = new Func("factorial", List.of(p));
      } else if (peek().sym("%")) {
        next();
        p = new Pct(p);
      } else {
        return p;
      }
    }
  }

  /** An unbraced macro argument: one digit, one letter or one command ("\frac94", "\sqrt3"). */
  private Node singleCharArgument() {
    Tok t = peek();
    if (t.kind == Kind.NUM && t.text.length() > 1) {
      toks.set(pos, new Tok(Kind.NUM, t.text.substring(1)));
      return number(t.text.substring(0, 1));
    }
    if (t.kind == Kind.NUM) {
      next();
      return number(t.text);
    }
    if (t.kind == Kind.LETTER) {
      next();
      return letter(t.text);
    }
    return primary();
  }

  private Node argument() {
    if (peek().sym("{")) {
      next();
      Node n = list();
      expectSym("}");
      return n;
    }
    return singleCharArgument();
  }

  private static Node number(String text) {
    return new Num(Rational.parseDecimal(text), text.contains("."));
  }

  private Node letter(String l) {
    if (l.equals("e")) {
      return new Const("e");
    }
    return new Var(l);
  }

  private String subscript() {
    next();
    Tok t = peek();
    if (t.sym("{")) {
      next();
      StringBuilder b = new StringBuilder();
      int depth = 1;
      while (true) {
        Tok x = next();
        if (x.kind == Kind.EOF) {
          throw new ParseException("unclosed subscript");
        }
        if (x.sym("{")) {
          depth++;
        } else if (x.sym("}") && --depth == 0) {
          break;
        }
        b.append(x.text);
      }
      return b.toString();
    }
    if (t.kind == Kind.NUM && t.text.length() > 1 && latex) {
      toks.set(pos, new Tok(Kind.NUM, t.text.substring(1)));
      return t.text.substring(0, 1);
    }
    if (t.kind == Kind.NUM || t.kind == Kind.LETTER || t.kind == Kind.CMD) {
      next();
      return t.text;
    }
    throw new ParseException("bad subscript");
  }

  private Node primary() {
    Tok t = next();
    switch (t.kind) {
      case NUM -> {
        if (peek().sym("_")) {
          return baseNumber(t.text, subscript());
        }
        return number(t.text);
      }
      case LETTER -> {
        if (peek().sym("_")) {
          return new Var(t.text + "_" + subscript());
        }
        if (Set.of("f", "g", "h").contains(t.text) && peek().sym("(")) {
          next();
          List<Node> args = items();
          expectSym(")");
          return new Func("fn_" + t.text, args);
        }
        return letter(t.text);
      }
      case NAME -> {
        return new Var(t.text);
      }
      case TEXT -> {
        String text = t.text.strip();
        if (text.matches("\\(.*\\)")) {
          text = text.substring(1, text.length() - 1).strip();
        }
        if (text.isEmpty()) {
          throw new ParseException("empty text");
        }
        return new Text(text);
      }
      case BEGIN -> {
        return matrix(t.text);
      }
      case SYM -> {
        return bracketed(t.text);
      }
      case CMD -> {
        return command(t.text);
      }
      default -> throw new ParseException("unexpected '" + t.text + "'");
    }
  }

  private static Node baseNumber(String digits, String base) {
    int b;
    try {
      b = Integer.parseInt(base);
    } catch (NumberFormatException e) {
      throw new ParseException("subscript on a number is not a base: " + base);
    }
    if (b < 2 || b > 36 || digits.contains(".")) {
      throw new ParseException("bad base " + base);
    }
    try {
      return new Num(Rational.of(new BigInteger(digits, b), BigInteger.ONE), false);
    } catch (NumberFormatException e) {
      throw new ParseException(digits + " is not a base-" + b + " number");
    }
  }

  private Node bracketed(String open) {
    switch (open) {
      case "(", "[" -> {
        List<Node> items = items();
        Tok close = next();
        if (!close.sym(")") && !close.sym("]")) {
          throw new ParseException("unclosed " + open);
        }
        boolean loOpen = open.equals("(");
        boolean hiOpen = close.text.equals(")");
        if (items.size() == 1) {
          if (loOpen != hiOpen) {
            throw new ParseException("mismatched brackets");
          }
          return items.get(0);
        }
        if (items.size() == 2) {
          if (loOpen && hiOpen) {
            return new Seq(items, SeqKind.PAIR);
          }
          return new Interval(items.get(0), items.get(1), loOpen, hiOpen);
        }
        if (loOpen != hiOpen) {
          throw new ParseException("mismatched brackets");
        }
        return new Seq(items, SeqKind.TUPLE);
      }
      case "{" -> {
        List<Node> items = items();
        expectSym("}");
        return items.size() == 1 ? items.get(0) : new Seq(items, SeqKind.LIST);
      }
      case "\\{" -> {
        if (peek().sym("\\}")) {
          next();
          return new Seq(List.of(), SeqKind.SET);
        }
        List<Node> items = items();
        expectSym("\\}");
        return new Seq(items, SeqKind.SET);
      }
      case "|" -> {
        Node inner = additive();
        expectSym("|");
        return new Func("abs", List.of(inner));
      }
      default -> throw new ParseException("unexpected '" + open + "'");
    }
  }

  private Node command(String name) {
    if (GREEK.contains(name)) {
      return new Var(name);
    }
    switch (name) {
      case "pi" -> {
        return new Const("pi");
      }
      case "infty", "infinity" -> {
        return new Const("oo");
      }
      case "emptyset", "varnothing" -> {
        return new Seq(List.of(), SeqKind.SET);
      }
      case "frac" -> {
        Node a = argument();
        Node b = argument();
        return new Div(a, b);
      }
      case "binom" -> {
        Node a = argument();
        Node b = argument();
        return new Func("binom", List.of(a, b));
      }
      case "sqrt" -> {
        Node index = null;
        if (peek().sym("[")) {
          next();
          index = additive();
          expectSym("]");
        }
        Node x = argument();
        return index == null ? new Func("sqrt", List.of(x)) : new Func("root", List.of(x, index));
      }
      case "lfloor", "lceil" -> {
        Node inner = additive();
        Tok close = next();
        if (!close.cmd(name.equals("lfloor") ? "rfloor" : "rceil")) {
          throw new ParseException("unclosed \\" + name);
        }
        return new Func(name.substring(1), List.of(inner));
      }
      default -> {
        if (FUNCTIONS.contains(name)) {
          return function(name);
        }
        throw new ParseException("unsupported command \\" + name);
      }
    }
  }

  private Node function(String name) {
    Node power = null;
    Node base = null;
    for (int i = 0; i < 2; i++) {
      if (peek().sym("^") && power == null) {
        next();
        power = exponent();
      } else if (peek().sym("_") && base == null) {
        String sub = subscript();
        base = parseSubscriptValue(sub);
      }
    }
    if (power instanceof Neg n && n.x() instanceof Num num && num.value().equals(Rational.ONE)) {
      // \sin^{-1} is the inverse function, not a reciprocal.
      if (!name.startsWith("arc") && Set.of("sin", "cos", "tan").contains(name)) {
        name = "arc" + name;
        power = null;
      }
    }
    List<Node> args;
    if (peek().sym("(")) {
      next();
      args = new ArrayList<>(items());
      expectSym(")");
    } else if (peek().sym("{")) {
      next();
      args = new ArrayList<>(items());
      expectSym("}");
    } else {
      args = new ArrayList<>(List.of(implicitArgument()));
    }
    if (base != null) {
      args.add(base);
    }
    Node f = new Func(name, args);
    return power == null ? f : new Pow(f, power);
  }

  private Node parseSubscriptValue(String sub) {
    try {
      return number(sub);
    } catch (NumberFormatException e) {
      return sub.length() == 1 ? letter(sub) : new Var(sub);
    }
  }

  /** "\sin 2x \cos y": the argument runs over adjacent factors up to an operator or function. */
  private Node implicitArgument() {
    Node arg = power();
    while (startsImplicitFactor(peek())
        && !(peek().kind == Kind.CMD && FUNCTIONS.contains(peek().text))
        && !peek().sym("(")) {
      arg = multiply(arg, power());
    }
    return arg;
  }

  private Node matrix(String env) {
    if (!MATRIX_ENVS.contains(env)) {
      throw new ParseException("unsupported environment " + env);
    }
    List<List<Node>> rows = new ArrayList<>();
    List<Node> row = new ArrayList<>();
    while (true) {
      Tok t = peek();
      if (t.is(Kind.END, env)) {
        next();
        break;
      }
      if (t.kind == Kind.EOF) {
        throw new ParseException("unclosed " + env);
      }
      if (t.sym("&") || t.kind == Kind.ROWSEP) {
        row.add(null);
      } else {
        row.add(relation());
      }
      Tok sep = peek();
      if (sep.sym("&")) {
        next();
      } else if (sep.kind == Kind.ROWSEP) {
        next();
        rows.add(row);
        row = new ArrayList<>();
      } else if (!sep.is(Kind.END, env)) {
        throw new ParseException("unexpected '" + sep.text + "' in " + env);
      }
    }
    rows.add(row);
    rows.removeIf(r -> r.stream().allMatch(c -> c == null));
    if (rows.isEmpty()) {
      throw new ParseException("empty matrix");
    }
    int width = rows.get(0).size();
    for (List<Node> r : rows) {
      if (r.size() != width || r.contains(null)) {
        throw new ParseException("ragged matrix");
      }
    }
    return new Matrix(rows);
  }
}
