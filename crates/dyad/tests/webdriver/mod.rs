//! A minimal W3C WebDriver client (and the plain HTTP/1.1 client under it)
//! over `std::net::TcpStream`: enough to drive a headless Chromium through
//! `chromedriver` in end-to-end tests. No crate beyond serde_json.
//!
//! Every network call has a timeout; every error names what was asked and
//! what came back.

#![allow(dead_code)]

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream, ToSocketAddrs};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub type Result<T> = std::result::Result<T, String>;

/// Plain HTTP/1.1: one request per connection (`Connection: close`),
/// `Content-Length` bodies out, `Content-Length`, chunked or close-delimited
/// bodies in.
pub mod http {
    use super::*;

    #[derive(Debug, Clone)]
    pub struct Response {
        pub status: u16,
        /// Header names lower-cased, in the order received.
        pub headers: Vec<(String, String)>,
        pub body: Vec<u8>,
    }

    impl Response {
        pub fn header(&self, name: &str) -> Option<&str> {
            let name = name.to_ascii_lowercase();
            self.headers
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.as_str())
        }

        pub fn text(&self) -> String {
            String::from_utf8_lossy(&self.body).into_owned()
        }

        pub fn json(&self) -> Result<Value> {
            serde_json::from_slice(&self.body).map_err(|e| {
                format!(
                    "response body is not JSON ({e}); status {}, body: {}",
                    self.status,
                    clip(&self.text(), 600)
                )
            })
        }
    }

    /// Sends one request and reads the whole response. `path` is sent as
    /// written (raw: percent-escapes and `..` included, no normalisation).
    pub fn request(
        addr: SocketAddr,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
        timeout: Duration,
    ) -> Result<Response> {
        let what = format!("{method} http://{addr}{path}");
        let deadline = Instant::now() + timeout;
        let mut stream = TcpStream::connect_timeout(&addr, timeout)
            .map_err(|e| format!("{what}: cannot connect: {e}"))?;
        stream.set_nodelay(true).ok();
        set_timeouts(&stream, deadline).map_err(|e| format!("{what}: {e}"))?;
        let mut head = format!(
            "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nAccept-Encoding: identity\r\n"
        );
        let mut has_length = false;
        for (k, v) in headers {
            if k.eq_ignore_ascii_case("content-length")
                || k.eq_ignore_ascii_case("transfer-encoding")
            {
                has_length = true;
            }
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        if !has_length && (!body.is_empty() || matches!(method, "POST" | "PUT" | "PATCH")) {
            head.push_str(&format!("Content-Length: {}\r\n", body.len()));
        }
        head.push_str("\r\n");
        stream
            .write_all(head.as_bytes())
            .map_err(|e| format!("{what}: writing the request: {e}"))?;
        // A server may answer (413, 401) and close before reading a large
        // body: the body is written from another thread while this one
        // reads, so the answer is read as it comes, and a failed write is
        // not the end.
        let writer = if body.len() > 256 * 1024 {
            let w = stream
                .try_clone()
                .map_err(|e| format!("{what}: cloning the socket: {e}"))?;
            let body = body.to_vec();
            Some(std::thread::spawn(move || {
                let r = write_chunks(&w, &body, deadline);
                let _ = (&w).flush();
                r
            }))
        } else {
            write_chunks(&stream, body, deadline).map_err(|e| format!("{what}: {e}"))?;
            None
        };
        let mut reader = BufReader::new(stream);
        let response = read_response(&mut reader, method == "HEAD", deadline);
        // The writer ends: the body is written, or the server closed.
        let _ = reader.get_ref().shutdown(std::net::Shutdown::Both);
        let write_err = writer.and_then(|w| w.join().ok()).and_then(|r| r.err());
        match response {
            Ok(r) => Ok(r),
            Err(e) => match write_err {
                Some(w) => Err(format!(
                    "{what}: writing the body failed ({w}), and then: {e}"
                )),
                None => Err(format!("{what}: {e}")),
            },
        }
    }

    fn write_chunks(mut stream: &TcpStream, body: &[u8], deadline: Instant) -> Result<()> {
        for chunk in body.chunks(64 * 1024) {
            set_timeouts(stream, deadline)?;
            stream
                .write_all(chunk)
                .map_err(|e| format!("writing the body: {e}"))?;
        }
        Ok(())
    }

    fn set_timeouts(stream: &TcpStream, deadline: Instant) -> Result<()> {
        let left = deadline
            .checked_duration_since(Instant::now())
            .filter(|d| !d.is_zero())
            .ok_or_else(|| "timed out".to_string())?;
        stream
            .set_read_timeout(Some(left))
            .and_then(|_| stream.set_write_timeout(Some(left)))
            .map_err(|e| format!("setting timeouts: {e}"))
    }

    /// Reads one response from `r` (also used by keep-alive callers).
    pub fn read_response<R: BufRead>(
        r: &mut R,
        head_only: bool,
        deadline: Instant,
    ) -> Result<Response> {
        let status_line = read_line(r, deadline)?;
        if status_line.is_empty() {
            return Err("connection closed before a response".into());
        }
        let mut parts = status_line.splitn(3, ' ');
        let version = parts.next().unwrap_or("");
        if !version.starts_with("HTTP/1.") {
            return Err(format!("not an HTTP/1.x response: {status_line:?}"));
        }
        let status: u16 = parts
            .next()
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| format!("bad status line {status_line:?}"))?;
        let mut headers = Vec::new();
        loop {
            let line = read_line(r, deadline)?;
            if line.is_empty() {
                break;
            }
            let (k, v) = line
                .split_once(':')
                .ok_or_else(|| format!("bad header line {line:?}"))?;
            headers.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
        }
        let get = |n: &str| headers.iter().find(|(k, _)| k == n).map(|(_, v)| v.clone());
        let mut body = Vec::new();
        let no_body = head_only || status / 100 == 1 || status == 204 || status == 304;
        if no_body {
        } else if get("transfer-encoding")
            .is_some_and(|t| t.to_ascii_lowercase().contains("chunked"))
        {
            loop {
                let size_line = read_line(r, deadline)?;
                let size =
                    usize::from_str_radix(size_line.split(';').next().unwrap_or("").trim(), 16)
                        .map_err(|_| format!("bad chunk size line {size_line:?}"))?;
                if size == 0 {
                    // Trailers, then the empty line.
                    while !read_line(r, deadline)?.is_empty() {}
                    break;
                }
                let start = body.len();
                body.resize(start + size, 0);
                r.read_exact(&mut body[start..])
                    .map_err(|e| format!("reading a chunk: {e}"))?;
                read_line(r, deadline)?;
            }
        } else if let Some(len) = get("content-length") {
            let len: usize = len
                .parse()
                .map_err(|_| format!("bad Content-Length {len:?}"))?;
            body.resize(len, 0);
            r.read_exact(&mut body)
                .map_err(|e| format!("reading a {len}-byte body: {e}"))?;
        } else {
            r.read_to_end(&mut body)
                .map_err(|e| format!("reading the body to the end: {e}"))?;
        }
        Ok(Response {
            status,
            headers,
            body,
        })
    }

    fn read_line<R: BufRead>(r: &mut R, deadline: Instant) -> Result<String> {
        if Instant::now() > deadline {
            return Err("timed out".into());
        }
        let mut buf = Vec::new();
        r.read_until(b'\n', &mut buf).map_err(|e| {
            if matches!(
                e.kind(),
                std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
            ) {
                "timed out waiting for the response".to_string()
            } else {
                format!("reading the response: {e}")
            }
        })?;
        if buf.len() > 64 * 1024 {
            return Err("a header line over 64 KiB".into());
        }
        while matches!(buf.last(), Some(b'\n' | b'\r')) {
            buf.pop();
        }
        String::from_utf8(buf).map_err(|_| "a header line is not UTF-8".into())
    }

    pub fn get(addr: SocketAddr, path: &str) -> Result<Response> {
        request(addr, "GET", path, &[], b"", Duration::from_secs(30))
    }
}

pub fn clip(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n).collect();
        t.push('…');
        t
    }
}

/// Where `name` is on `PATH`, else the first existing fallback.
pub fn which(name: &str, fallbacks: &[&str]) -> Option<PathBuf> {
    if let Some(paths) = std::env::var_os("PATH") {
        for dir in std::env::split_paths(&paths) {
            let p = dir.join(name);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    fallbacks.iter().map(PathBuf::from).find(|p| p.is_file())
}

/// The chromedriver to use: `$CHROMEDRIVER`, `chromedriver` on PATH, or
/// Debian's `/usr/bin/chromedriver`.
pub fn find_chromedriver() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("CHROMEDRIVER").map(PathBuf::from) {
        if p.is_file() {
            return Some(p);
        }
    }
    which(
        "chromedriver",
        &["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"],
    )
}

/// The browser binary: `$CHROME_BIN`, else `/usr/bin/chromium` (Debian),
/// else whatever else is found; `None` lets chromedriver look for itself.
pub fn find_chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("CHROME_BIN").map(PathBuf::from) {
        if p.is_file() {
            return Some(p);
        }
    }
    for p in [
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
        "/usr/bin/google-chrome",
    ] {
        if Path::new(p).is_file() {
            return Some(PathBuf::from(p));
        }
    }
    which("chromium", &[]).or_else(|| which("google-chrome", &[]))
}

const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// An element reference of the current session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Element(pub String);

/// A chromedriver process and one headless Chromium session in it; the
/// session is deleted and chromedriver killed on drop.
pub struct Browser {
    driver: Child,
    addr: SocketAddr,
    session: String,
    log: PathBuf,
    _dir: tempfile::TempDir,
    /// Per WebDriver command.
    pub timeout: Duration,
}

fn free_port() -> Result<u16> {
    let l = TcpListener::bind("127.0.0.1:0").map_err(|e| format!("no free port: {e}"))?;
    Ok(l.local_addr().map_err(|e| e.to_string())?.port())
}

impl Browser {
    /// Starts chromedriver and a headless Chromium session. `Ok(None)` when
    /// chromedriver is not installed (the caller decides whether to skip).
    pub fn start() -> Result<Option<Browser>> {
        let Some(driver_bin) = find_chromedriver() else {
            return Ok(None);
        };
        let mut last_err = String::new();
        // The port is chosen free then handed over: another process may
        // take it in between, so try a few.
        for _ in 0..3 {
            match Self::start_with(&driver_bin) {
                Ok(b) => return Ok(Some(b)),
                Err(e) => last_err = e,
            }
        }
        Err(last_err)
    }

    fn start_with(driver_bin: &Path) -> Result<Browser> {
        let dir = tempfile::tempdir().map_err(|e| format!("temporary directory: {e}"))?;
        let port = free_port()?;
        let log = dir.path().join("chromedriver.log");
        let log_file =
            std::fs::File::create(&log).map_err(|e| format!("{}: {e}", log.display()))?;
        let log_err = log_file
            .try_clone()
            .map_err(|e| format!("{}: {e}", log.display()))?;
        let driver = Command::new(driver_bin)
            .arg(format!("--port={port}"))
            .arg(format!(
                "--log-path={}",
                dir.path().join("driver-verbose.log").display()
            ))
            .stdin(Stdio::null())
            .stdout(log_file)
            .stderr(log_err)
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", driver_bin.display()))?;
        let addr: SocketAddr = ("127.0.0.1", port)
            .to_socket_addrs()
            .map_err(|e| e.to_string())?
            .next()
            .unwrap();
        let mut b = Browser {
            driver,
            addr,
            session: String::new(),
            log,
            _dir: dir,
            timeout: Duration::from_secs(30),
        };
        // Ready?
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Ok(Some(status)) = b.driver.try_wait() {
                return Err(format!(
                    "chromedriver exited at start ({status}): {}",
                    b.log_tail()
                ));
            }
            match http::request(addr, "GET", "/status", &[], b"", Duration::from_secs(2)) {
                Ok(r) if r.status == 200 => {
                    let v = r.json()?;
                    if v["value"]["ready"].as_bool() == Some(true) {
                        break;
                    }
                }
                _ => {}
            }
            if Instant::now() > deadline {
                return Err(format!(
                    "chromedriver on port {port} not ready in 20 s: {}",
                    b.log_tail()
                ));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let profile = b._dir.path().join("profile");
        let mut options = json!({
            "args": [
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--window-size=1280,900",
                "--no-first-run",
                "--no-default-browser-check",
                format!("--user-data-dir={}", profile.display()),
            ]
        });
        if let Some(bin) = find_chromium() {
            options["binary"] = json!(bin.to_string_lossy());
        }
        let caps = json!({
            "capabilities": {
                "alwaysMatch": {
                    "browserName": "chrome",
                    "pageLoadStrategy": "normal",
                    "unhandledPromptBehavior": "ignore",
                    "timeouts": {"pageLoad": 30000, "script": 10000, "implicit": 0},
                    "goog:chromeOptions": options,
                }
            }
        });
        // Starting Chromium can take a while on a loaded machine.
        let v = b
            .command_with("POST", "/session", Some(caps), Duration::from_secs(60))
            .map_err(|e| format!("new session: {e}; chromedriver log: {}", b.log_tail()))?;
        b.session = v["sessionId"]
            .as_str()
            .ok_or_else(|| format!("new session: no sessionId in {v}"))?
            .to_string();
        Ok(b)
    }

    fn log_tail(&self) -> String {
        let s = std::fs::read_to_string(&self.log).unwrap_or_default();
        let tail: Vec<&str> = s.lines().rev().take(20).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        if tail.is_empty() {
            "(empty)".into()
        } else {
            tail.join("\n")
        }
    }

    fn command(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value> {
        self.command_with(method, path, body, self.timeout)
    }

    /// One WebDriver command; returns its `value`, or the WebDriver error
    /// (`error`, `message`) as text.
    fn command_with(
        &self,
        method: &str,
        path: &str,
        body: Option<Value>,
        timeout: Duration,
    ) -> Result<Value> {
        let body = body.map(|b| b.to_string()).unwrap_or_default();
        let headers: &[(&str, &str)] = if method == "POST" {
            &[("Content-Type", "application/json; charset=utf-8")]
        } else {
            &[]
        };
        let r = http::request(self.addr, method, path, headers, body.as_bytes(), timeout)
            .map_err(|e| format!("WebDriver {method} {path}: {e}"))?;
        let v = r
            .json()
            .map_err(|e| format!("WebDriver {method} {path}: {e}"))?;
        if r.status != 200 {
            let err = v["value"]["error"].as_str().unwrap_or("unknown error");
            let msg = v["value"]["message"].as_str().unwrap_or("");
            return Err(format!(
                "WebDriver {method} {path}: {} {err}: {}",
                r.status,
                clip(msg, 800)
            ));
        }
        Ok(v["value"].clone())
    }

    fn s(&self, rest: &str) -> String {
        format!("/session/{}{rest}", self.session)
    }

    /// Navigates and waits for the page to load.
    pub fn goto(&self, url: &str) -> Result<()> {
        self.command("POST", &self.s("/url"), Some(json!({ "url": url })))
            .map(|_| ())
    }

    pub fn current_url(&self) -> Result<String> {
        let v = self.command("GET", &self.s("/url"), None)?;
        v.as_str()
            .map(str::to_string)
            .ok_or_else(|| format!("current URL: {v}"))
    }

    pub fn title(&self) -> Result<String> {
        let v = self.command("GET", &self.s("/title"), None)?;
        Ok(v.as_str().unwrap_or_default().to_string())
    }

    /// The page's current DOM, serialised.
    pub fn source(&self) -> Result<String> {
        let v = self.command("GET", &self.s("/source"), None)?;
        Ok(v.as_str().unwrap_or_default().to_string())
    }

    fn element_of(v: &Value) -> Result<Element> {
        v[ELEMENT_KEY]
            .as_str()
            .map(|s| Element(s.to_string()))
            .ok_or_else(|| format!("not an element reference: {v}"))
    }

    /// All elements matching a CSS selector (possibly none).
    pub fn find_all(&self, css: &str) -> Result<Vec<Element>> {
        let v = self.command(
            "POST",
            &self.s("/elements"),
            Some(json!({"using": "css selector", "value": css})),
        )?;
        v.as_array()
            .ok_or_else(|| format!("find {css:?}: {v}"))?
            .iter()
            .map(Self::element_of)
            .collect()
    }

    /// The first element matching a CSS selector; an error naming the
    /// selector and page when none does.
    pub fn find(&self, css: &str) -> Result<Element> {
        match self.command(
            "POST",
            &self.s("/element"),
            Some(json!({"using": "css selector", "value": css})),
        ) {
            Ok(v) => Self::element_of(&v),
            Err(e) => Err(format!(
                "no element {css:?} on {}: {e}",
                self.current_url().unwrap_or_default()
            )),
        }
    }

    /// Elements matching `css` under `parent`.
    pub fn find_in(&self, parent: &Element, css: &str) -> Result<Vec<Element>> {
        let v = self.command(
            "POST",
            &self.s(&format!("/element/{}/elements", parent.0)),
            Some(json!({"using": "css selector", "value": css})),
        )?;
        v.as_array()
            .ok_or_else(|| format!("find {css:?}: {v}"))?
            .iter()
            .map(Self::element_of)
            .collect()
    }

    /// Waits until `css` matches something (pages that render with script).
    pub fn wait_for(&self, css: &str, timeout: Duration) -> Result<Element> {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(e) = self.find_all(css)?.into_iter().next() {
                return Ok(e);
            }
            if Instant::now() > deadline {
                return Err(format!(
                    "no element {css:?} on {} after {timeout:?}",
                    self.current_url().unwrap_or_default()
                ));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// An attribute as written in the DOM (`None` when absent).
    pub fn attr(&self, el: &Element, name: &str) -> Result<Option<String>> {
        let v = self.command(
            "GET",
            &self.s(&format!("/element/{}/attribute/{name}", el.0)),
            None,
        )?;
        Ok(v.as_str().map(str::to_string))
    }

    /// A DOM property (`href` resolved, `checked`, ...).
    pub fn property(&self, el: &Element, name: &str) -> Result<Value> {
        self.command(
            "GET",
            &self.s(&format!("/element/{}/property/{name}", el.0)),
            None,
        )
    }

    /// The rendered text (what a user sees).
    pub fn text(&self, el: &Element) -> Result<String> {
        let v = self.command("GET", &self.s(&format!("/element/{}/text", el.0)), None)?;
        Ok(v.as_str().unwrap_or_default().to_string())
    }

    pub fn tag_name(&self, el: &Element) -> Result<String> {
        let v = self.command("GET", &self.s(&format!("/element/{}/name", el.0)), None)?;
        Ok(v.as_str().unwrap_or_default().to_string())
    }

    /// A computed CSS value (`getComputedStyle`).
    pub fn css_value(&self, el: &Element, property: &str) -> Result<String> {
        let v = self.command(
            "GET",
            &self.s(&format!("/element/{}/css/{property}", el.0)),
            None,
        )?;
        Ok(v.as_str().unwrap_or_default().to_string())
    }

    /// The element's box in CSS pixels: x, y, width, height.
    pub fn rect(&self, el: &Element) -> Result<[f64; 4]> {
        let v = self.command("GET", &self.s(&format!("/element/{}/rect", el.0)), None)?;
        let f = |k: &str| v[k].as_f64().unwrap_or(f64::NAN);
        Ok([f("x"), f("y"), f("width"), f("height")])
    }

    /// Clicks like a user (scrolled into view; an error when something
    /// covers it). Does not wait for a navigation it starts: see
    /// `wait_for_url`.
    pub fn click(&self, el: &Element) -> Result<()> {
        self.command(
            "POST",
            &self.s(&format!("/element/{}/click", el.0)),
            Some(json!({})),
        )
        .map(|_| ())
    }

    /// Waits until the current URL satisfies `pred` and the document has
    /// loaded.
    pub fn wait_for_url(&self, pred: impl Fn(&str) -> bool, timeout: Duration) -> Result<String> {
        let deadline = Instant::now() + timeout;
        loop {
            let url = self.current_url()?;
            if pred(&url) {
                let state = self.execute("return document.readyState", vec![])?;
                if state == "complete" {
                    return Ok(url);
                }
            }
            if Instant::now() > deadline {
                return Err(format!("still at {url} after {timeout:?}"));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Runs `script` as a function body (`arguments[i]` are `args`; an
    /// element passes as `Browser::arg(&el)`) and returns what it returns.
    pub fn execute(&self, script: &str, args: Vec<Value>) -> Result<Value> {
        self.command(
            "POST",
            &self.s("/execute/sync"),
            Some(json!({"script": script, "args": args})),
        )
    }

    /// The text of an open alert, confirm or prompt (`None` when none is
    /// open).
    pub fn alert_text(&self) -> Result<Option<String>> {
        match self.command("GET", &self.s("/alert/text"), None) {
            Ok(v) => Ok(Some(v.as_str().unwrap_or_default().to_string())),
            Err(e) if e.contains("no such alert") => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// An element as a script argument.
    pub fn arg(el: &Element) -> Value {
        json!({ ELEMENT_KEY: el.0 })
    }

    /// A PNG of the viewport, written to `path` (its directory is created).
    pub fn screenshot(&self, path: &Path) -> Result<()> {
        let v = self.command("GET", &self.s("/screenshot"), None)?;
        let b64 = v.as_str().ok_or_else(|| format!("screenshot: {v}"))?;
        let png = base64_decode(b64)?;
        if !png.starts_with(b"\x89PNG\r\n\x1a\n") {
            return Err("screenshot: not a PNG".into());
        }
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        std::fs::write(path, png).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// A PNG of the whole page, not only the viewport (Chromium's DevTools
    /// protocol through chromedriver; height capped at 10,000 px), written
    /// to `path`. Falls back to the viewport where the protocol is missing.
    pub fn screenshot_full(&self, path: &Path) -> Result<()> {
        let cdp = |cmd: &str, params: Value| {
            self.command(
                "POST",
                &self.s("/goog/cdp/execute"),
                Some(json!({"cmd": cmd, "params": params})),
            )
        };
        let shot = cdp("Page.getLayoutMetrics", json!({})).and_then(|m| {
            let size = &m["cssContentSize"];
            let w = size["width"].as_f64().unwrap_or(1280.0).ceil();
            let h = size["height"]
                .as_f64()
                .unwrap_or(900.0)
                .ceil()
                .min(10_000.0);
            cdp(
                "Page.captureScreenshot",
                json!({"format": "png", "captureBeyondViewport": true,
                       "clip": {"x": 0, "y": 0, "width": w, "height": h, "scale": 1}}),
            )
        });
        let b64 = match shot {
            Ok(v) => v["data"].as_str().map(str::to_string),
            Err(_) => None,
        };
        let Some(b64) = b64 else {
            return self.screenshot(path);
        };
        let png = base64_decode(&b64)?;
        if !png.starts_with(b"\x89PNG\r\n\x1a\n") {
            return Err("screenshot: not a PNG".into());
        }
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        std::fs::write(path, png).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// Browser console entries (Chromium's `goog:loggingPrefs` is not set,
    /// so this is what chromedriver keeps by default: may be empty).
    pub fn console_log(&self) -> Result<Value> {
        self.command("POST", &self.s("/se/log"), Some(json!({"type": "browser"})))
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = self.command_with(
                "DELETE",
                &format!("/session/{}", self.session),
                None,
                Duration::from_secs(10),
            );
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// Standard base64 (with or without padding; whitespace ignored).
pub fn base64_decode(s: &str) -> Result<Vec<u8>> {
    fn val(c: u8) -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            _ => return None,
        } as u32)
    }
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let mut acc = 0u32;
    let mut bits = 0;
    for &c in s.as_bytes() {
        if c == b'=' {
            break;
        }
        if c.is_ascii_whitespace() {
            continue;
        }
        let v = val(c).ok_or_else(|| format!("base64: bad character {:?}", c as char))?;
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn base64_decodes() {
        assert_eq!(super::base64_decode("aGVsbG8=").unwrap(), b"hello");
        assert_eq!(super::base64_decode("aGVsbG8hIQ==").unwrap(), b"hello!!");
        assert_eq!(super::base64_decode("YWJj").unwrap(), b"abc");
    }
}
