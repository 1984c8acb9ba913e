package dev.arbiter.core.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place credentials are taken out of URLs before a URL is printed, logged, stored in a
 * verdict's provenance, written into a report or put in an exception message. Internal: may change
 * without notice.
 *
 * <p>What counts as a credential: the user-info part ({@code http://user:password@host}) and the
 * value of every query or fragment parameter whose name looks like one ({@code api-key}, {@code
 * api_key}, {@code key}, {@code token}, {@code access_token}, {@code secret}, {@code password},
 * {@code sig}, {@code auth}, ...). Each is replaced by {@value #MASK}; everything else (scheme,
 * host, port, path, other parameters) stays so that the URL still says where a call went.
 */
public final class Redaction {
  /** What a credential is replaced with. */
  public static final String MASK = "***";

  // A scheme, "://", then everything up to white space or a character that ends a URL in prose,
  // JSON or HTML. Possessive so that a long run of URL characters is scanned once.
  private static final Pattern URL =
      Pattern.compile("\\b[A-Za-z][A-Za-z0-9+.\\-]*://[^\\s\"'<>`]++");

  // Parameter names (lower case, '-' and '_' removed) that hold credentials: any name containing
  // one of these, plus a few short ones that must match exactly.
  private static final String[] SECRET_PARTS = {
    "key", "token", "secret", "passw", "pwd", "auth", "credential", "signature", "session"
  };
  private static final String[] SECRET_NAMES = {"sig", "code", "pass", "sas"};

  private Redaction() {}

  /**
   * {@code url} with its user info and credential parameters masked; text that is not a URL comes
   * back unchanged. Null gives null.
   */
  public static String url(String url) {
    if (url == null) {
      return null;
    }
    int scheme = url.indexOf("://");
    if (scheme < 0) {
      return url;
    }
    int authorityStart = scheme + 3;
    int authorityEnd = indexOfAny(url, authorityStart, "/?#");
    StringBuilder out = new StringBuilder(url.length());
    out.append(url, 0, authorityStart);
    String authority = url.substring(authorityStart, authorityEnd);
    int at = authority.lastIndexOf('@');
    out.append(at < 0 ? authority : MASK + authority.substring(at));
    int query = url.indexOf('?', authorityEnd);
    int fragment = url.indexOf('#', authorityEnd);
    if (query > fragment && fragment >= 0) {
      query = -1; // a '?' after '#' belongs to the fragment
    }
    int pathEnd = query >= 0 ? query : fragment >= 0 ? fragment : url.length();
    out.append(url, authorityEnd, pathEnd);
    if (query >= 0) {
      int end = fragment >= 0 ? fragment : url.length();
      out.append('?').append(parameters(url.substring(query + 1, end)));
    }
    if (fragment >= 0) {
      out.append('#').append(parameters(url.substring(fragment + 1)));
    }
    return out.toString();
  }

  /** {@code text} with every URL in it passed through {@link #url}. Null gives null. */
  public static String text(String text) {
    if (text == null || text.indexOf("://") < 0) {
      return text;
    }
    Matcher m = URL.matcher(text);
    StringBuilder out = new StringBuilder(text.length());
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(url(m.group())));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** Whether a query parameter of this name holds a credential. */
  public static boolean secretName(String name) {
    String n;
    try {
      n = URLDecoder.decode(name, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException badEscape) {
      n = name;
    }
    n = n.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
    for (String exact : SECRET_NAMES) {
      if (n.equals(exact)) {
        return true;
      }
    }
    for (String part : SECRET_PARTS) {
      if (n.contains(part)) {
        return true;
      }
    }
    return false;
  }

  /** A query string ({@code a=1&key=secret}) with the values of credential parameters masked. */
  public static String query(String params) {
    return params == null ? null : parameters(params);
  }

  private static String parameters(String params) {
    StringBuilder out = new StringBuilder(params.length());
    int start = 0;
    while (start <= params.length()) {
      int end = indexOfAny(params, start, "&;");
      String param = params.substring(start, end);
      int eq = param.indexOf('=');
      if (eq > 0 && secretName(param.substring(0, eq))) {
        out.append(param, 0, eq + 1).append(MASK);
      } else {
        out.append(param);
      }
      if (end < params.length()) {
        out.append(params.charAt(end));
      }
      start = end + 1;
    }
    return out.toString();
  }

  private static int indexOfAny(String s, int from, String chars) {
    for (int i = from; i < s.length(); i++) {
      if (chars.indexOf(s.charAt(i)) >= 0) {
        return i;
      }
    }
    return s.length();
  }
}
