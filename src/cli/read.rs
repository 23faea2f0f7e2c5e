//! Reading what the user named, once: a path, `-` for standard input, a pipe or process substitution (`<(...)`,
//! `/dev/stdin`), at most [`MAX_FILE_BYTES`] + 1 bytes (so a larger input is refused without reading it all). The
//! bytes are then used for everything (loading, SARIF line numbers), never read again.
//!
//! Opening a FIFO blocks until something writes to it; a FIFO nobody writes to would hang the command forever, so
//! the open happens on a helper thread and gives up after [`OPEN_TIMEOUT`] with a message saying why. (The CLI is
//! native-only; the core never starts threads.)

use std::io::{self, Read};
use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

use crate::io::MAX_FILE_BYTES;

/// How long to wait for a writer to open a FIFO.
pub(crate) const OPEN_TIMEOUT: Duration = Duration::from_secs(5);

/// Whether a path names standard input.
pub(crate) fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// The bytes of `path` (`-` for standard input), at most [`MAX_FILE_BYTES`] + 1 of them.
pub(crate) fn read_input(path: &Path) -> io::Result<Vec<u8>> {
    read_input_within(path, OPEN_TIMEOUT)
}

/// [`read_input`] with another timeout (for tests).
pub(crate) fn read_input_within(path: &Path, timeout: Duration) -> io::Result<Vec<u8>> {
    if is_stdin(path) {
        return read_limited(io::stdin().lock());
    }
    let owned = path.to_owned();
    let (send, receive) = mpsc::channel();
    // The thread may stay blocked in `open` after the timeout: the command exits with an error anyway, which ends it.
    let spawned = std::thread::Builder::new().name("trustmap-open".to_owned()).spawn(move || {
        let _ = send.send(std::fs::File::open(&owned));
    });
    if let Err(error) = spawned {
        return std::fs::File::open(path)
            .and_then(read_limited)
            .map_err(|e| io::Error::new(e.kind(), format!("{e} ({error})")));
    }
    match receive.recv_timeout(timeout) {
        Ok(file) => read_limited(file?),
        Err(_) => Err(io::Error::new(
            io::ErrorKind::TimedOut,
            format!("nothing wrote to it for {} s (a named pipe without a writer?)", timeout.as_secs()),
        )),
    }
}

fn read_limited(reader: impl Read) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    reader.take(MAX_FILE_BYTES as u64 + 1).read_to_end(&mut bytes)?;
    Ok(bytes)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_fifo_without_a_writer_times_out_with_a_reason() {
        let dir = std::env::temp_dir().join(format!("trustmap-fifo-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let fifo = dir.join("nobody-writes");
        let _ = std::fs::remove_file(&fifo);
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !made.is_ok_and(|s| s.success()) {
            eprintln!("mkfifo unavailable; skipped");
            return;
        }
        let error = read_input_within(&fifo, Duration::from_millis(200)).unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::TimedOut);
        assert!(error.to_string().contains("nothing wrote to it"), "{error}");
        // With a writer, a FIFO is read once, whole (another FIFO: the first still has the timed-out open waiting).
        let fifo = dir.join("written");
        let _ = std::fs::remove_file(&fifo);
        assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
        let writer = {
            let fifo = fifo.clone();
            std::thread::spawn(move || std::fs::write(fifo, b"{\"a\": 1}"))
        };
        assert_eq!(read_input_within(&fifo, Duration::from_secs(5)).unwrap(), b"{\"a\": 1}");
        writer.join().unwrap().unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn regular_files_are_read_within_the_cap() {
        let bytes = read_input(Path::new("samples/pattern-queue.json")).unwrap();
        assert!(bytes.starts_with(b"{"));
        assert!(read_input(Path::new("no/such/file.json")).is_err());
    }
}
