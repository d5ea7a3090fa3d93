//! Helpers shared by the command's test files.

use serde_json::Value;
use std::path::Path;
use std::process::Command;

/// The rows of a Parquet dataset as an independent reader (pyarrow, through
/// dyad-store's `tests/read_parquet.py`) sees them; `None`, with a visible
/// skip, where pyarrow is missing and `DYAD_REQUIRE_PYARROW=1` is not set.
pub fn pyarrow_rows(dir: &Path) -> Option<Vec<Value>> {
    let python = std::env::var_os("DYAD_PYTHON").unwrap_or_else(|| "python3".into());
    let required = std::env::var("DYAD_REQUIRE_PYARROW").is_ok_and(|v| v == "1");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../dyad-store/tests/read_parquet.py");
    let out = match Command::new(&python).arg(&script).arg(dir).output() {
        Ok(o) => o,
        Err(e) => {
            assert!(!required, "DYAD_REQUIRE_PYARROW=1 but {python:?}: {e}");
            println!("SKIPPED: cannot run {python:?}: {e}");
            return None;
        }
    };
    let text = String::from_utf8(out.stdout).unwrap();
    if text.starts_with("SKIPPED:") {
        assert!(!required, "DYAD_REQUIRE_PYARROW=1 but {text}");
        println!("{}", text.trim());
        return None;
    }
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(
        text.lines()
            .map(|l| serde_json::from_str(l).expect("each row is JSON"))
            .collect(),
    )
}
