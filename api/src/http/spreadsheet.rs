//! Row numbers of a CSV file as a spreadsheet shows them.
//!
//! The `csv` crate's own line count lags by one after every CRLF row (Excel's default), and it
//! counts the line breaks inside a quoted cell, which a spreadsheet shows as one row. A user
//! fixing a file looks at the spreadsheet's row numbers, so reports name those: the header is
//! row 1, and LF, CRLF, a lone CR and a BOM all count alike.

/// Where each row of a CSV text starts, found with the same quoting rules as the `csv` crate
/// (RFC 4180: a quote opens a quoted cell only at the start of a cell, `""` inside is a quote).
#[derive(Debug)]
pub struct RowStarts {
    text_len: usize,
    /// Byte offsets, ascending; the first row starts at 0.
    starts: Vec<usize>,
    /// Bytes that end a row, so that a record's reported offset can be moved past them.
    breaks: Vec<bool>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    CellStart,
    Unquoted,
    Quoted,
    QuoteInQuoted,
}

impl RowStarts {
    pub fn of(text: &[u8]) -> Self {
        let mut starts = vec![0];
        let mut breaks = vec![false; text.len()];
        let mut state = State::CellStart;
        let mut index = 0;
        while let Some(&byte) = text.get(index) {
            let in_cell = state == State::Quoted;
            match byte {
                b'\r' | b'\n' if !in_cell => {
                    let mut end = index + 1;
                    if byte == b'\r' && text.get(end) == Some(&b'\n') {
                        end += 1;
                    }
                    breaks[index..end].fill(true);
                    starts.push(end);
                    state = State::CellStart;
                    index = end;
                    continue;
                }
                b'"' => {
                    state = match state {
                        State::CellStart => State::Quoted,
                        State::Quoted => State::QuoteInQuoted,
                        State::QuoteInQuoted => State::Quoted,
                        State::Unquoted => State::Unquoted,
                    }
                }
                b',' if state != State::Quoted => state = State::CellStart,
                _ if state == State::CellStart || state == State::QuoteInQuoted => {
                    state = State::Unquoted;
                }
                _ => {}
            }
            index += 1;
        }
        RowStarts {
            text_len: text.len(),
            starts,
            breaks,
        }
    }

    /// The 1-based row of the record the `csv` crate says starts at byte `offset`. That offset
    /// may sit on the line break before the record (it does after CRLF): skip those first.
    pub fn row_at(&self, offset: u64) -> u64 {
        let mut offset = usize::try_from(offset).unwrap_or(self.text_len);
        while self.breaks.get(offset).copied().unwrap_or(false) {
            offset += 1;
        }
        let row = self.starts.partition_point(|start| *start <= offset);
        u64::try_from(row).unwrap_or(u64::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rows the `csv` crate reads from `text`, numbered by `RowStarts`.
    fn numbered(text: &str) -> Vec<(u64, String)> {
        let rows = RowStarts::of(text.as_bytes());
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(text.as_bytes());
        reader
            .records()
            .map(|record| {
                let record = record.unwrap();
                let offset = record.position().unwrap().byte();
                (rows.row_at(offset), record[0].to_owned())
            })
            .collect()
    }

    #[test]
    fn lf_crlf_and_cr_rows_are_numbered_alike() {
        let expected = vec![
            (1, "h".to_owned()),
            (2, "a".to_owned()),
            (3, "b".to_owned()),
        ];
        assert_eq!(numbered("h,x\na,1\nb,2\n"), expected);
        assert_eq!(numbered("h,x\r\na,1\r\nb,2\r\n"), expected);
        assert_eq!(numbered("h,x\r\na,1\r\nb,2"), expected);
        assert_eq!(numbered("h,x\ra,1\rb,2\r"), expected);
    }

    #[test]
    fn a_bom_does_not_move_the_rows() {
        // The `csv` crate drops the BOM itself; its three bytes still move every offset.
        let expected = vec![(1, "h".to_owned()), (2, "a".to_owned())];
        assert_eq!(numbered("\u{feff}h,x\r\na,1\r\n"), expected);
    }

    #[test]
    fn a_line_break_inside_quotes_stays_in_its_row() {
        let text = "h,x\r\n\"Nguyễn\r\nVăn A\",1\r\nb,\"say \"\"hi\"\"\nthere\"\r\nc,3\r\n";
        let rows: Vec<u64> = numbered(text).into_iter().map(|(row, _)| row).collect();
        assert_eq!(rows, vec![1, 2, 3, 4]);
    }

    #[test]
    fn blank_rows_count_as_a_spreadsheet_shows_them() {
        let rows: Vec<u64> = numbered("h,x\r\n\r\na,1\r\n\r\n\r\nb,2\r\n")
            .into_iter()
            .map(|(row, _)| row)
            .collect();
        assert_eq!(rows, vec![1, 3, 6]);
    }

    #[test]
    fn a_stray_quote_inside_a_cell_is_a_character() {
        let rows: Vec<u64> = numbered("h,x\r\n12\" screen,1\r\nb,2\r\n")
            .into_iter()
            .map(|(row, _)| row)
            .collect();
        assert_eq!(rows, vec![1, 2, 3]);
    }
}
