//! A shard of `lectio variants --shard K/N`: JSON Lines, one [`ShardLine`] per line (a header,
//! the shard's pairs, and in the first shard the variation places), read back by `--merge`.

use std::io::{self, Write};

use crate::variants::ShardLine;

/// Write `lines`, one JSON document per line.
pub fn render(lines: &[ShardLine], out: &mut dyn Write) -> io::Result<()> {
    for l in lines {
        serde_json::to_writer(&mut *out, l).map_err(io::Error::other)?;
        writeln!(out)?;
    }
    Ok(())
}
