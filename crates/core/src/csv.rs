//! CSV as spreadsheets write it (RFC 4180): quoted fields may hold commas, quotes (doubled)
//! and line breaks. Used to import clients and to export everything.

/// Largest file accepted for import.
pub const MAX_BYTES: usize = 16 * 1024 * 1024;
/// Most rows accepted for import.
pub const MAX_ROWS: usize = 100_000;
/// Most fields in a row.
const MAX_FIELDS: usize = 64;

/// Why a CSV file could not be read; `line` is 1-based, as an editor shows it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct CsvError {
    pub line: usize,
    pub message: String,
}

/// One record with the line it starts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub line: usize,
    pub fields: Vec<String>,
}

/// Splits `text` into records. A leading byte-order mark is ignored; blank lines are skipped.
pub fn parse(text: &str) -> Result<Vec<Record>, CsvError> {
    if text.len() > MAX_BYTES {
        return Err(CsvError {
            line: 1,
            message: format!("the file is larger than {} MB", MAX_BYTES / (1024 * 1024)),
        });
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut records = Vec::new();
    let mut chars = text.chars().peekable();
    let mut line = 1;
    while chars.peek().is_some() {
        let start = line;
        let mut fields = Vec::new();
        let mut field = String::new();
        let mut quoted_field = false;
        loop {
            match chars.next() {
                None => {
                    fields.push(std::mem::take(&mut field));
                    break;
                }
                Some('"') if field.is_empty() && !quoted_field => {
                    quoted_field = true;
                    loop {
                        match chars.next() {
                            None => {
                                return Err(CsvError {
                                    line: start,
                                    message: "a quoted field is never closed".into(),
                                })
                            }
                            Some('"') if chars.peek() == Some(&'"') => {
                                chars.next();
                                field.push('"');
                            }
                            Some('"') => break,
                            Some('\n') => {
                                line += 1;
                                field.push('\n');
                            }
                            Some(c) => field.push(c),
                        }
                    }
                    match chars.peek() {
                        None | Some(',') | Some('\n') | Some('\r') => {}
                        Some(_) => {
                            return Err(CsvError {
                                line,
                                message: "text follows a closing quote".into(),
                            })
                        }
                    }
                }
                Some('"') => {
                    return Err(CsvError {
                        line,
                        message: "a quote inside an unquoted field".into(),
                    })
                }
                Some(',') => {
                    fields.push(std::mem::take(&mut field));
                    quoted_field = false;
                    // A comma always starts one more field: this row would exceed the limit.
                    if fields.len() >= MAX_FIELDS {
                        return Err(CsvError {
                            line,
                            message: format!("more than {MAX_FIELDS} fields"),
                        });
                    }
                }
                Some('\r') if chars.peek() == Some(&'\n') => {}
                Some('\n') | Some('\r') => {
                    fields.push(std::mem::take(&mut field));
                    line += 1;
                    break;
                }
                Some(c) => field.push(c),
            }
        }
        if !(fields.len() == 1 && fields[0].is_empty() && !quoted_field) {
            if records.len() == MAX_ROWS {
                return Err(CsvError {
                    line: start,
                    message: format!("more than {MAX_ROWS} rows"),
                });
            }
            records.push(Record {
                line: start,
                fields,
            });
        }
    }
    Ok(records)
}

/// Writes one row, quoting fields that need it, ending with CRLF (RFC 4180).
pub fn write_row<I, S>(out: &mut String, fields: I)
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    for (i, field) in fields.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let field = field.as_ref();
        // A leading =, +, - or @ makes spreadsheets run the cell as a formula.
        let formula = field.starts_with(['=', '+', '-', '@']);
        if formula || field.contains([',', '"', '\n', '\r']) {
            out.push('"');
            if formula {
                out.push('\'');
            }
            out.push_str(&field.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(field);
        }
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(text: &str) -> Vec<Vec<String>> {
        parse(text).unwrap().into_iter().map(|r| r.fields).collect()
    }

    #[test]
    fn reads_quotes_commas_and_line_breaks() {
        let rows = fields("name,notes\r\n\"Doe, Jane\",\"said \"\"hi\"\"\nthen left\"\n\nBob,\n");
        assert_eq!(
            rows,
            vec![
                vec!["name".to_string(), "notes".into()],
                vec!["Doe, Jane".into(), "said \"hi\"\nthen left".into()],
                vec!["Bob".into(), "".into()],
            ]
        );
        let records = parse("a\n\"x\ny\"\nz").unwrap();
        assert_eq!(
            records.iter().map(|r| r.line).collect::<Vec<_>>(),
            vec![1, 2, 4]
        );
        assert_eq!(
            fields("\u{feff}a,b"),
            vec![vec!["a".to_string(), "b".into()]]
        );
    }

    #[test]
    fn refuses_broken_and_hostile_input() {
        for (bad, line) in [("a\n\"open", 2), ("a\nx\"y", 2), ("a\n\"x\"y", 2)] {
            assert_eq!(parse(bad).unwrap_err().line, line, "{bad:?}");
        }
        assert!(parse(&",".repeat(100)).is_err());
        // Found by the csv_import fuzz target: 64 commas made 65 fields, one over the limit,
        // at the end of a line or of the text.
        for end in ["", "\n", "\r\n"] {
            let over = format!("{}{end}", ",".repeat(MAX_FIELDS));
            assert!(parse(&over).is_err(), "{} fields accepted", MAX_FIELDS + 1);
            let limit = format!("{}{end}", ",".repeat(MAX_FIELDS - 1));
            assert_eq!(parse(&limit).unwrap()[0].fields.len(), MAX_FIELDS);
        }
        assert!(parse(&"x".repeat(MAX_BYTES + 1)).is_err());
        assert!(parse(&"x\n".repeat(MAX_ROWS + 1)).is_err());
    }

    #[test]
    fn writes_what_it_reads_and_defuses_formulas() {
        let mut out = String::new();
        write_row(&mut out, ["plain", "a,b", "q\"uote", "line\nbreak", "=1+1"]);
        assert_eq!(
            out,
            "plain,\"a,b\",\"q\"\"uote\",\"line\nbreak\",\"'=1+1\"\r\n"
        );
        let back = fields(&out);
        assert_eq!(back[0][..4], ["plain", "a,b", "q\"uote", "line\nbreak"]);
    }
}
