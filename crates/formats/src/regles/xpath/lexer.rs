//! XPath 2.0 tokens. Keywords (`and`, `div`, `every`…) are left as names: whether `div` is an
//! operator or an element depends on what precedes it, which only the parser knows.

use super::ErreurXPath;

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Token<'s> {
    /// A QName, `prefix:local` or `local`.
    Name(Option<&'s str>, &'s str),
    /// `*` or `prefix:*`: a wildcard where a step is expected, `*` is also multiplication.
    Star(Option<&'s str>),
    Str(String),
    Integer(&'s str),
    Decimal(&'s str),
    Double(&'s str),
    Var(&'s str),
    LParen,
    RParen,
    LBracket,
    RBracket,
    Comma,
    Slash,
    SlashSlash,
    At,
    Dot,
    DotDot,
    ColonColon,
    Pipe,
    Plus,
    Minus,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

fn name_start(c: char) -> bool {
    c.is_alphabetic() || c == '_'
}

fn name_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '\u{B7}')
}

pub(super) fn tokens(source: &str) -> Result<Vec<Token<'_>>, ErreurXPath> {
    let mut out = Vec::new();
    let bytes = source.as_bytes();
    let mut i = 0;
    let err = |at: usize, what: &str| ErreurXPath::Syntaxe(format!("{what} at {at} in `{source}`"));
    while let Some(c) = source[i..].chars().next() {
        let next = bytes.get(i + 1).copied();
        let token = match c {
            ' ' | '\t' | '\n' | '\r' => {
                i += 1;
                continue;
            }
            '(' if next == Some(b':') => return Err(err(i, "comments are not supported")),
            '(' => Token::LParen,
            ')' => Token::RParen,
            '[' => Token::LBracket,
            ']' => Token::RBracket,
            ',' => Token::Comma,
            '@' => Token::At,
            '|' => Token::Pipe,
            '+' => Token::Plus,
            '-' => Token::Minus,
            '=' => Token::Eq,
            '*' => Token::Star(None),
            '/' if next == Some(b'/') => {
                i += 2;
                out.push(Token::SlashSlash);
                continue;
            }
            '/' => Token::Slash,
            ':' if next == Some(b':') => {
                i += 2;
                out.push(Token::ColonColon);
                continue;
            }
            '!' if next == Some(b'=') => {
                i += 2;
                out.push(Token::Ne);
                continue;
            }
            '<' | '>' => {
                let or_equal = next == Some(b'=');
                i += 1 + usize::from(or_equal);
                out.push(match (c, or_equal) {
                    ('<', false) => Token::Lt,
                    ('<', true) => Token::Le,
                    (_, false) => Token::Gt,
                    (_, true) => Token::Ge,
                });
                continue;
            }
            '.' if next == Some(b'.') => {
                i += 2;
                out.push(Token::DotDot);
                continue;
            }
            '.' if !next.is_some_and(|b| b.is_ascii_digit()) => Token::Dot,
            '\'' | '"' => {
                let (text, end) =
                    string_literal(source, i, c).ok_or_else(|| err(i, "unterminated string"))?;
                i = end;
                out.push(Token::Str(text));
                continue;
            }
            '$' => {
                let (_, local, end) =
                    qname(source, i + 1).ok_or_else(|| err(i, "a variable needs a name"))?;
                i = end;
                out.push(Token::Var(local));
                continue;
            }
            c if c.is_ascii_digit() || c == '.' => {
                let (token, end) = number(source, i);
                i = end;
                out.push(token);
                continue;
            }
            c if name_start(c) => {
                let start = i;
                let mut end = start + local_end(source, start);
                let mut prefix = None;
                let mut local = &source[start..end];
                if bytes.get(end) == Some(&b':') && bytes.get(end + 1) != Some(&b':') {
                    match source[end + 1..].chars().next() {
                        Some('*') => {
                            out.push(Token::Star(Some(local)));
                            i = end + 2;
                            continue;
                        }
                        Some(c) if name_start(c) => {
                            prefix = Some(local);
                            let from = end + 1;
                            end = from + local_end(source, from);
                            local = &source[from..end];
                        }
                        _ => return Err(err(end, "a name cannot end with `:`")),
                    }
                }
                i = end;
                out.push(Token::Name(prefix, local));
                continue;
            }
            _ => return Err(err(i, &format!("unexpected `{c}`"))),
        };
        i += c.len_utf8();
        out.push(token);
    }
    Ok(out)
}

/// Length of the NCName starting at `from`.
fn local_end(source: &str, from: usize) -> usize {
    source[from..]
        .char_indices()
        .find(|&(_, c)| !name_char(c))
        .map_or(source.len() - from, |(at, _)| at)
}

fn qname(source: &str, from: usize) -> Option<(Option<&str>, &str, usize)> {
    if !source[from..].chars().next().is_some_and(name_start) {
        return None;
    }
    let end = from + local_end(source, from);
    let rest = &source[end..];
    if rest.starts_with(':') && rest[1..].chars().next().is_some_and(name_start) {
        let local_from = end + 1;
        let local_to = local_from + local_end(source, local_from);
        return Some((Some(&source[from..end]), &source[local_from..local_to], local_to));
    }
    Some((None, &source[from..end], end))
}

/// A string literal; the delimiter doubled stands for itself.
fn string_literal(source: &str, start: usize, quote: char) -> Option<(String, usize)> {
    let mut text = String::new();
    let mut chars = source[start + 1..].char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if c == quote {
            if chars.peek().is_some_and(|&(_, d)| d == quote) {
                chars.next();
                text.push(quote);
                continue;
            }
            return Some((text, start + 1 + at + 1));
        }
        text.push(c);
    }
    None
}

fn number(source: &str, start: usize) -> (Token<'_>, usize) {
    let bytes = source.as_bytes();
    let digits = |mut i: usize| {
        while bytes.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        i
    };
    let mut end = digits(start);
    let mut decimal = false;
    if bytes.get(end) == Some(&b'.') {
        decimal = true;
        end = digits(end + 1);
    }
    if matches!(bytes.get(end), Some(b'e' | b'E')) {
        let mut exponent = end + 1;
        if matches!(bytes.get(exponent), Some(b'+' | b'-')) {
            exponent += 1;
        }
        if bytes.get(exponent).is_some_and(u8::is_ascii_digit) {
            end = digits(exponent);
            return (Token::Double(&source[start..end]), end);
        }
    }
    let text = &source[start..end];
    (if decimal { Token::Decimal(text) } else { Token::Integer(text) }, end)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn names_operators_and_literals() {
        let t = tokens("../cbc:Tax-Amount -1 != 'it''s' and ram:* div 1.5e2").unwrap();
        assert_eq!(
            t,
            [
                Token::DotDot,
                Token::Slash,
                Token::Name(Some("cbc"), "Tax-Amount"),
                Token::Minus,
                Token::Integer("1"),
                Token::Ne,
                Token::Str("it's".into()),
                Token::Name(None, "and"),
                Token::Star(Some("ram")),
                Token::Name(None, "div"),
                Token::Double("1.5e2"),
            ]
        );
        let t = tokens("child::cbc:ID[1]/.//x <= .5").unwrap();
        assert_eq!(t[0], Token::Name(None, "child"));
        assert_eq!(t[1], Token::ColonColon);
        assert_eq!(t[2], Token::Name(Some("cbc"), "ID"));
        assert!(t.contains(&Token::Dot) && t.contains(&Token::SlashSlash));
        assert_eq!(t.last(), Some(&Token::Decimal(".5")));
        assert!(tokens("'open").is_err());
    }
}
