//! Page chrome recognised line by line.
//!
//! Web pages carry a lot of text that is not part of the article: rows of
//! share buttons, "Comments are closed.", cookie notices, "Back to top",
//! copyright lines and so on. [`classify_line`] recognises such lines one at
//! a time. It is used both for text extracted from HTML (see
//! [`crate::html`]) and for plain text that was scraped from web pages.
//!
//! The rules are deliberately conservative: a line is chrome only when it is
//! short and made *entirely* of chrome vocabulary, or when it is one of a set
//! of well-known whole-line phrases. Cookie notices may be longer, but must
//! start with one of the typical openings and mention cookies. A sentence
//! that merely mentions Facebook, cookies or printing is content.

/// Why a line is page chrome rather than article content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Chrome {
    /// A row of social-network names / share words ("Share: Facebook Twitter").
    ShareButtons,
    /// Comment-section furniture ("Comments are closed.", "Leave a comment").
    CommentsClosed,
    /// A cookie / consent notice or one of its buttons.
    CookieNotice,
    /// Navigation links ("Back to top", "Read more", "Next", breadcrumbs).
    Navigation,
    /// Newsletter / subscription prompts.
    Subscribe,
    /// "Print", "Print version".
    Print,
    /// "© 2024 Ministry of ...", "All rights reserved."
    Copyright,
    /// "Related articles", "Read also: ...".
    RelatedLinks,
}

impl Chrome {
    /// The kebab-case name, as used in serialized output.
    pub fn as_str(self) -> &'static str {
        match self {
            Chrome::ShareButtons => "share-buttons",
            Chrome::CommentsClosed => "comments-closed",
            Chrome::CookieNotice => "cookie-notice",
            Chrome::Navigation => "navigation",
            Chrome::Subscribe => "subscribe",
            Chrome::Print => "print",
            Chrome::Copyright => "copyright",
            Chrome::RelatedLinks => "related-links",
        }
    }
}

impl std::fmt::Display for Chrome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Lines longer than this (in chars) are only checked for cookie notices.
const MAX_SHORT_CHARS: usize = 300;
/// Longest cookie notice considered, in chars.
const MAX_COOKIE_CHARS: usize = 1200;

/// Classify one line of text (already trimmed or not). `None` = content.
pub fn classify_line(line: &str) -> Option<Chrome> {
    let line = line.trim();
    if line.is_empty() {
        return None;
    }
    let len = line.chars().count();
    if len > MAX_COOKIE_CHARS {
        return None;
    }
    let lower = normalise_lower(line);
    if is_cookie_notice(&lower) {
        return Some(Chrome::CookieNotice);
    }
    if len > MAX_SHORT_CHARS {
        return None;
    }
    let words = words(&lower);
    if words.is_empty() {
        // Only punctuation, digits-free symbols: not something we can judge.
        return None;
    }
    if let Some(c) = copyright(&lower, &words) {
        return Some(c);
    }
    let key = words.join(" ");
    if let Some(c) = whole_line_phrase(&key) {
        return Some(c);
    }
    if let Some(c) = prefixed_line(&lower, &words) {
        return Some(c);
    }
    if let Some(c) = counted_line(&words) {
        return Some(c);
    }
    if is_share_row(&lower) {
        return Some(Chrome::ShareButtons);
    }
    if is_breadcrumb(&lower, &words) {
        return Some(Chrome::Navigation);
    }
    None
}

/// Lowercase, typographic apostrophes folded, whitespace collapsed.
fn normalise_lower(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut space = false;
    for c in line.chars() {
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        match c {
            '\u{2019}' | '\u{2018}' | '`' => out.push('\''),
            '\u{200b}' | '\u{feff}' | '\u{ad}' => {}
            _ => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// Words of a lowercased line with surrounding punctuation stripped; empty
/// words (pure punctuation such as "»", "|", "-") are dropped.
fn words(lower: &str) -> Vec<&str> {
    lower
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !(c.is_alphanumeric() || c == '+' || c == '@')))
        .map(|w| w.trim_end_matches('+'))
        .filter(|w| !w.is_empty())
        .collect()
}

fn is_number(w: &str) -> bool {
    let mut chars = w.chars();
    match chars.next() {
        Some(c) if c.is_ascii_digit() => {}
        _ => return false,
    }
    // "12", "1.2k", "3,400"
    w.chars()
        .all(|c| c.is_ascii_digit() || c == '.' || c == ',' || c == 'k' || c == 'm')
}

// ---------------------------------------------------------------------------
// Cookie notices

/// Typical openings of a cookie / consent notice. The line must also mention
/// cookies (or consent wording) to count.
const COOKIE_OPENINGS: &[&str] = &[
    "we use cookies",
    "we use cookie",
    "we use necessary cookies",
    "we use essential cookies",
    "we use our own",
    "we use first",
    "we use third",
    "we use technologies",
    "we are using cookies",
    "we and our partners",
    "we and selected",
    "we'd like to use",
    "we would like to use",
    "we value your privacy",
    "we care about your privacy",
    "this website uses",
    "this website use ",
    "this web site uses",
    "this site uses",
    "this website stores",
    "this website makes use of",
    "this site makes use of",
    "our website uses",
    "our site uses",
    "our websites use",
    "the website uses",
    "this portal uses",
    "by continuing",
    "by using this",
    "by using our",
    "by clicking",
    "by browsing",
    "to give you the best",
    "to improve your experience",
    "to provide the best",
    "like most websites",
    "cookies help us",
    "cookies on this",
    "ce site utilise",
    "nous utilisons des cookies",
    "en poursuivant votre navigation",
    "wir verwenden cookies",
    "wir nutzen cookies",
    "diese website verwendet",
    "diese webseite verwendet",
    "utilizamos cookies",
    "este sitio web utiliza",
    "este sitio utiliza",
    "usamos cookies",
    "мы используем",
    "этот сайт использует",
    "сайт использует",
    "продолжая использовать",
    "используя сайт",
];

/// Whole-line buttons of consent dialogs.
const COOKIE_BUTTONS: &[&str] = &[
    "accept all",
    "accept all cookies",
    "accept cookies",
    "accept and close",
    "accept necessary",
    "accept selected",
    "allow all",
    "allow cookies",
    "allow all cookies",
    "allow selection",
    "reject all",
    "reject cookies",
    "reject all cookies",
    "decline all",
    "ok i agree",
    "got it",
    "ok got it",
    "agree and close",
    "cookie settings",
    "cookie policy",
    "cookie notice",
    "cookie consent",
    "cookie preferences",
    "cookies settings",
    "cookies policy",
    "manage cookies",
    "manage preferences",
    "manage consent",
    "customise settings",
    "customize settings",
    "necessary only",
    "only necessary",
    "only necessary cookies",
    "necessary cookies only",
    "use necessary cookies only",
    "save preferences",
    "save settings",
    "tout accepter",
    "tout refuser",
    "alle akzeptieren",
    "aceptar todo",
    "принять все",
];

fn is_cookie_notice(lower: &str) -> bool {
    let mentions = lower.contains("cookie") || lower.contains("куки");
    if mentions {
        let trimmed = lower.trim_start_matches(|c: char| !c.is_alphanumeric());
        if COOKIE_OPENINGS.iter().any(|p| trimmed.starts_with(p)) {
            return true;
        }
    }
    if lower.len() <= 40 {
        let w = words(lower);
        if !w.is_empty() {
            let key = w.join(" ");
            return COOKIE_BUTTONS.contains(&key.as_str());
        }
    }
    false
}

// ---------------------------------------------------------------------------
// Copyright

fn copyright(lower: &str, words: &[&str]) -> Option<Chrome> {
    if words.len() > 20 {
        return None;
    }
    let t = lower.trim_start_matches(|c: char| c.is_whitespace());
    // "(c)" alone is also a list marker in legal text: only "(c) 2024 …".
    let c_year = t
        .strip_prefix("(c)")
        .is_some_and(|r| r.trim_start().starts_with(|c: char| c.is_ascii_digit()));
    if t.starts_with('©') || c_year {
        return Some(Chrome::Copyright);
    }
    if let Some(rest) = t.strip_prefix("copyright") {
        // "Copyright © 2024 ...", "Copyright 2024 ...", "Copyright: Ministry"
        // but not "Copyright law was amended ..."
        let rest = rest.trim_start_matches([' ', ':']);
        if rest.starts_with('©')
            || rest.starts_with("(c)")
            || rest.starts_with(|c: char| c.is_ascii_digit())
            || rest.contains("all rights reserved")
        {
            return Some(Chrome::Copyright);
        }
    }
    const RESERVED: &[&str] = &[
        "all rights reserved",
        "all right reserved",
        "some rights reserved",
        "tous droits réservés",
        "alle rechte vorbehalten",
        "todos los derechos reservados",
        "все права защищены",
    ];
    let key = words.join(" ");
    for r in RESERVED {
        if key == *r {
            return Some(Chrome::Copyright);
        }
        // "2024 Ministry of Finance. All rights reserved." — short line that
        // ends with the formula.
        if words.len() <= 14 && key.ends_with(r) && (t.contains('©') || has_year(words)) {
            return Some(Chrome::Copyright);
        }
    }
    None
}

fn has_year(words: &[&str]) -> bool {
    words.iter().any(|w| {
        w.len() >= 4
            && w.split(['-', '–']).any(|p| {
                p.len() == 4 && p.bytes().all(|b| b.is_ascii_digit()) && p.starts_with(['1', '2'])
            })
    })
}

// ---------------------------------------------------------------------------
// Whole-line phrases

const PHRASES: &[(&str, Chrome)] = &[
    // comments
    ("comments are closed", Chrome::CommentsClosed),
    ("comments closed", Chrome::CommentsClosed),
    ("comments are disabled", Chrome::CommentsClosed),
    ("comments are off", Chrome::CommentsClosed),
    ("commenting is closed", Chrome::CommentsClosed),
    ("commenting is disabled", Chrome::CommentsClosed),
    ("commenting has been closed", Chrome::CommentsClosed),
    ("comments have been closed", Chrome::CommentsClosed),
    (
        "comments are closed for this article",
        Chrome::CommentsClosed,
    ),
    ("comments are closed for this post", Chrome::CommentsClosed),
    ("leave a comment", Chrome::CommentsClosed),
    ("leave a reply", Chrome::CommentsClosed),
    ("leave a response", Chrome::CommentsClosed),
    ("post a comment", Chrome::CommentsClosed),
    ("post comment", Chrome::CommentsClosed),
    ("add a comment", Chrome::CommentsClosed),
    ("add comment", Chrome::CommentsClosed),
    ("add new comment", Chrome::CommentsClosed),
    ("write a comment", Chrome::CommentsClosed),
    ("submit comment", Chrome::CommentsClosed),
    ("log in to comment", Chrome::CommentsClosed),
    ("login to comment", Chrome::CommentsClosed),
    ("sign in to comment", Chrome::CommentsClosed),
    ("log in to post comments", Chrome::CommentsClosed),
    ("login to post comments", Chrome::CommentsClosed),
    (
        "log in or register to post comments",
        Chrome::CommentsClosed,
    ),
    (
        "you must be logged in to post a comment",
        Chrome::CommentsClosed,
    ),
    ("be the first to comment", Chrome::CommentsClosed),
    ("no comments", Chrome::CommentsClosed),
    ("no comments yet", Chrome::CommentsClosed),
    ("show comments", Chrome::CommentsClosed),
    ("view comments", Chrome::CommentsClosed),
    ("hide comments", Chrome::CommentsClosed),
    ("load comments", Chrome::CommentsClosed),
    ("join the discussion", Chrome::CommentsClosed),
    ("join the conversation", Chrome::CommentsClosed),
    ("cancel reply", Chrome::CommentsClosed),
    ("комментарии закрыты", Chrome::CommentsClosed),
    ("оставить комментарий", Chrome::CommentsClosed),
    ("добавить комментарий", Chrome::CommentsClosed),
    ("commentaires fermés", Chrome::CommentsClosed),
    ("les commentaires sont fermés", Chrome::CommentsClosed),
    ("laisser un commentaire", Chrome::CommentsClosed),
    ("kommentar schreiben", Chrome::CommentsClosed),
    ("comentarios cerrados", Chrome::CommentsClosed),
    ("deja un comentario", Chrome::CommentsClosed),
    // print
    ("print", Chrome::Print),
    ("print version", Chrome::Print),
    ("print this", Chrome::Print),
    ("print this page", Chrome::Print),
    ("print this article", Chrome::Print),
    ("print article", Chrome::Print),
    ("print page", Chrome::Print),
    ("print friendly", Chrome::Print),
    ("print-friendly", Chrome::Print),
    ("print-friendly version", Chrome::Print),
    ("print friendly version", Chrome::Print),
    ("printer friendly", Chrome::Print),
    ("printer-friendly", Chrome::Print),
    ("printer friendly version", Chrome::Print),
    ("printer-friendly version", Chrome::Print),
    ("printable version", Chrome::Print),
    ("print pdf", Chrome::Print),
    ("версия для печати", Chrome::Print),
    ("распечатать", Chrome::Print),
    ("печать", Chrome::Print),
    ("imprimer", Chrome::Print),
    ("version imprimable", Chrome::Print),
    ("drucken", Chrome::Print),
    ("druckversion", Chrome::Print),
    ("imprimir", Chrome::Print),
    // subscribe
    ("subscribe", Chrome::Subscribe),
    ("subscribe now", Chrome::Subscribe),
    ("newsletter", Chrome::Subscribe),
    ("sign up", Chrome::Subscribe),
    ("sign up now", Chrome::Subscribe),
    ("rss", Chrome::Subscribe),
    ("rss feed", Chrome::Subscribe),
    ("rss feeds", Chrome::Subscribe),
    ("get email updates", Chrome::Subscribe),
    ("email updates", Chrome::Subscribe),
    ("sign up for updates", Chrome::Subscribe),
    ("подписаться", Chrome::Subscribe),
    ("подпишитесь", Chrome::Subscribe),
    ("s'abonner", Chrome::Subscribe),
    ("abonnieren", Chrome::Subscribe),
    ("suscribirse", Chrome::Subscribe),
    ("suscríbete", Chrome::Subscribe),
    // related
    ("related", Chrome::RelatedLinks),
    ("related articles", Chrome::RelatedLinks),
    ("related article", Chrome::RelatedLinks),
    ("related news", Chrome::RelatedLinks),
    ("related posts", Chrome::RelatedLinks),
    ("related stories", Chrome::RelatedLinks),
    ("related content", Chrome::RelatedLinks),
    ("related links", Chrome::RelatedLinks),
    ("related topics", Chrome::RelatedLinks),
    ("related items", Chrome::RelatedLinks),
    ("related pages", Chrome::RelatedLinks),
    ("related documents", Chrome::RelatedLinks),
    ("related publications", Chrome::RelatedLinks),
    ("you may also like", Chrome::RelatedLinks),
    ("you might also like", Chrome::RelatedLinks),
    ("you may also be interested in", Chrome::RelatedLinks),
    ("you might also be interested in", Chrome::RelatedLinks),
    ("you might be interested in", Chrome::RelatedLinks),
    ("recommended", Chrome::RelatedLinks),
    ("recommended for you", Chrome::RelatedLinks),
    ("recommended articles", Chrome::RelatedLinks),
    ("most read", Chrome::RelatedLinks),
    ("most popular", Chrome::RelatedLinks),
    ("most viewed", Chrome::RelatedLinks),
    ("popular posts", Chrome::RelatedLinks),
    ("latest news", Chrome::RelatedLinks),
    ("more news", Chrome::RelatedLinks),
    ("more stories", Chrome::RelatedLinks),
    ("more articles", Chrome::RelatedLinks),
    ("read also", Chrome::RelatedLinks),
    ("also read", Chrome::RelatedLinks),
    ("see also", Chrome::RelatedLinks),
    ("read next", Chrome::RelatedLinks),
    ("читайте также", Chrome::RelatedLinks),
    ("похожие новости", Chrome::RelatedLinks),
    ("другие новости", Chrome::RelatedLinks),
    ("lire aussi", Chrome::RelatedLinks),
    ("à lire aussi", Chrome::RelatedLinks),
    ("voir aussi", Chrome::RelatedLinks),
    ("articles similaires", Chrome::RelatedLinks),
    ("lesen sie auch", Chrome::RelatedLinks),
    ("mehr zum thema", Chrome::RelatedLinks),
    ("noticias relacionadas", Chrome::RelatedLinks),
    ("te puede interesar", Chrome::RelatedLinks),
    // share
    ("share", Chrome::ShareButtons),
    ("share this", Chrome::ShareButtons),
    ("share this article", Chrome::ShareButtons),
    ("share this page", Chrome::ShareButtons),
    ("share this story", Chrome::ShareButtons),
    ("share this post", Chrome::ShareButtons),
    ("share article", Chrome::ShareButtons),
    ("share page", Chrome::ShareButtons),
    ("share on", Chrome::ShareButtons),
    ("share via", Chrome::ShareButtons),
    ("share with", Chrome::ShareButtons),
    ("copy link", Chrome::ShareButtons),
    ("link copied", Chrome::ShareButtons),
    ("email this", Chrome::ShareButtons),
    ("email this page", Chrome::ShareButtons),
    ("email this article", Chrome::ShareButtons),
    ("send to a friend", Chrome::ShareButtons),
    ("send to friend", Chrome::ShareButtons),
    ("follow us", Chrome::ShareButtons),
    ("follow us on", Chrome::ShareButtons),
    ("follow us on social media", Chrome::ShareButtons),
    ("поделиться", Chrome::ShareButtons),
    ("partager", Chrome::ShareButtons),
    ("teilen", Chrome::ShareButtons),
    ("compartir", Chrome::ShareButtons),
    // navigation
    ("read more", Chrome::Navigation),
    ("continue reading", Chrome::Navigation),
    ("read the full article", Chrome::Navigation),
    ("read full article", Chrome::Navigation),
    ("read full story", Chrome::Navigation),
    ("read the full story", Chrome::Navigation),
    ("full story", Chrome::Navigation),
    ("more", Chrome::Navigation),
    ("see more", Chrome::Navigation),
    ("show more", Chrome::Navigation),
    ("load more", Chrome::Navigation),
    ("view more", Chrome::Navigation),
    ("view all", Chrome::Navigation),
    ("see all", Chrome::Navigation),
    ("all news", Chrome::Navigation),
    ("back to top", Chrome::Navigation),
    ("to top", Chrome::Navigation),
    ("top", Chrome::Navigation),
    ("go to top", Chrome::Navigation),
    ("scroll to top", Chrome::Navigation),
    ("return to top", Chrome::Navigation),
    ("back", Chrome::Navigation),
    ("go back", Chrome::Navigation),
    ("back to news", Chrome::Navigation),
    ("back to list", Chrome::Navigation),
    ("back to previous page", Chrome::Navigation),
    ("return to previous page", Chrome::Navigation),
    ("next", Chrome::Navigation),
    ("previous", Chrome::Navigation),
    ("prev", Chrome::Navigation),
    ("next article", Chrome::Navigation),
    ("previous article", Chrome::Navigation),
    ("next post", Chrome::Navigation),
    ("previous post", Chrome::Navigation),
    ("next page", Chrome::Navigation),
    ("previous page", Chrome::Navigation),
    ("newer post", Chrome::Navigation),
    ("older post", Chrome::Navigation),
    ("newer posts", Chrome::Navigation),
    ("older posts", Chrome::Navigation),
    ("home", Chrome::Navigation),
    ("homepage", Chrome::Navigation),
    ("home page", Chrome::Navigation),
    ("menu", Chrome::Navigation),
    ("main menu", Chrome::Navigation),
    ("open menu", Chrome::Navigation),
    ("close menu", Chrome::Navigation),
    ("close", Chrome::Navigation),
    ("search", Chrome::Navigation),
    ("skip to content", Chrome::Navigation),
    ("skip to main content", Chrome::Navigation),
    ("skip to navigation", Chrome::Navigation),
    ("jump to navigation", Chrome::Navigation),
    ("toggle navigation", Chrome::Navigation),
    ("you are here", Chrome::Navigation),
    ("loading", Chrome::Navigation),
    ("advertisement", Chrome::Navigation),
    ("advertising", Chrome::Navigation),
    ("sponsored", Chrome::Navigation),
    ("sponsored content", Chrome::Navigation),
    ("privacy policy", Chrome::Navigation),
    ("terms of use", Chrome::Navigation),
    ("terms and conditions", Chrome::Navigation),
    ("terms of service", Chrome::Navigation),
    ("sitemap", Chrome::Navigation),
    ("site map", Chrome::Navigation),
    ("contact us", Chrome::Navigation),
    ("accessibility", Chrome::Navigation),
    ("accessibility statement", Chrome::Navigation),
    ("читать далее", Chrome::Navigation),
    ("читать полностью", Chrome::Navigation),
    ("подробнее", Chrome::Navigation),
    ("назад", Chrome::Navigation),
    ("наверх", Chrome::Navigation),
    ("далее", Chrome::Navigation),
    ("главная", Chrome::Navigation),
    ("меню", Chrome::Navigation),
    ("поиск", Chrome::Navigation),
    ("lire la suite", Chrome::Navigation),
    ("retour", Chrome::Navigation),
    ("haut de page", Chrome::Navigation),
    ("retour en haut", Chrome::Navigation),
    ("accueil", Chrome::Navigation),
    ("suivant", Chrome::Navigation),
    ("précédent", Chrome::Navigation),
    ("weiterlesen", Chrome::Navigation),
    ("zurück", Chrome::Navigation),
    ("nach oben", Chrome::Navigation),
    ("startseite", Chrome::Navigation),
    ("leer más", Chrome::Navigation),
    ("volver", Chrome::Navigation),
    ("inicio", Chrome::Navigation),
    ("siguiente", Chrome::Navigation),
    ("anterior", Chrome::Navigation),
];

fn whole_line_phrase(key: &str) -> Option<Chrome> {
    if key.len() > 60 {
        return None;
    }
    PHRASES.iter().find(|(p, _)| *p == key).map(|&(_, c)| c)
}

/// Lines recognised by how they start: "Read also: <headline>",
/// "Tags: a, b", "Comments are closed for ...", "Subscribe to our newsletter".
fn prefixed_line(lower: &str, words: &[&str]) -> Option<Chrome> {
    let t = lower.trim_start_matches(|c: char| !c.is_alphanumeric());
    const RELATED: &[&str] = &[
        "read more:",
        "read also:",
        "also read:",
        "see also:",
        "related:",
        "read next:",
        "related article:",
        "related articles:",
        "related story:",
        "читайте также:",
        "lire aussi :",
        "lire aussi:",
        "à lire aussi :",
        "lesen sie auch:",
    ];
    if words.len() <= 25 && RELATED.iter().any(|p| t.starts_with(p)) {
        return Some(Chrome::RelatedLinks);
    }
    const TAGS: &[&str] = &[
        "tags:",
        "tagged:",
        "tagged with:",
        "filed under:",
        "теги:",
        "метки:",
    ];
    if words.len() <= 20 && TAGS.iter().any(|p| t.starts_with(p)) {
        return Some(Chrome::Navigation);
    }
    if words.len() <= 20 && t.starts_with("you are here:") {
        return Some(Chrome::Navigation);
    }
    if words.len() <= 12 {
        let key = words.join(" ");
        if key.starts_with("comments are closed")
            || key.starts_with("commenting is closed")
            || key.starts_with("comments have been closed")
            || key.starts_with("you must be logged in to post a comment")
        {
            return Some(Chrome::CommentsClosed);
        }
    }
    // Subscription prompts.
    if words.len() <= 12 {
        let first = words[0];
        let newsletterish = words
            .iter()
            .any(|w| w.starts_with("newsletter") || *w == "mailing" || *w == "rss");
        if (first == "subscribe" && words.len() <= 8)
            || (matches!(first, "sign" | "join" | "get" | "receive") && newsletterish)
        {
            return Some(Chrome::Subscribe);
        }
    }
    None
}

/// "3 Comments", "Comments (12)", "12 responses".
fn counted_line(words: &[&str]) -> Option<Chrome> {
    if words.len() > 4 || !words.iter().any(|w| is_number(w)) {
        return None;
    }
    let rest: Vec<&str> = words.iter().copied().filter(|w| !is_number(w)).collect();
    match rest.join(" ").as_str() {
        "comments"
        | "comment"
        | "responses"
        | "response"
        | "replies"
        | "reply"
        | "комментариев"
        | "комментария"
        | "комментарий"
        | "commentaires"
        | "kommentare" => Some(Chrome::CommentsClosed),
        "shares" | "share" => Some(Chrome::ShareButtons),
        _ => None,
    }
}

// ---------------------------------------------------------------------------
// Share rows

/// Words that make a line a share row on their own.
const SHARE_STRONG: &[&str] = &[
    "facebook",
    "twitter",
    "linkedin",
    "pinterest",
    "tumblr",
    "reddit",
    "whatsapp",
    "telegram",
    "vk",
    "vkontakte",
    "odnoklassniki",
    "viber",
    "instagram",
    "youtube",
    "flickr",
    "google",
    "mastodon",
    "bluesky",
    "weibo",
    "wechat",
    "xing",
    "digg",
    "skype",
    "messenger",
    "tiktok",
    "snapchat",
    "email",
    "e-mail",
    "mail",
    "sms",
    "print",
    "share",
    "shares",
    "sharing",
    "tweet",
    "pin",
    "rss",
    "вконтакте",
    "одноклассники",
    "телеграм",
    "поделиться",
    "поделитесь",
    "распечатать",
    "печать",
    "partager",
    "partagez",
    "imprimer",
    "teilen",
    "drucken",
    "compartir",
    "imprimir",
];

/// Filler words allowed in a share row, but not enough on their own.
const SHARE_FILLER: &[&str] = &[
    "this", "on", "via", "us", "it", "to", "a", "the", "article", "page", "story", "post",
    "follow", "like", "send", "friend", "friends", "with", "your", "link", "copy", "copied", "and",
    "or", "x", "ok", "threads", "pocket", "line", "in", "me", "by", "sur", "auf", "en", "de", "в",
    "на", "с",
];

fn is_share_row(lower: &str) -> bool {
    let mut strong = 0usize;
    let mut count = 0usize;
    for raw in lower.split(|c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '|' | '•' | '·' | '/' | ',' | ';' | '+' | '(' | ')' | '[' | ']' | '{' | '}'
            )
    }) {
        let w = raw.trim_matches(|c: char| !(c.is_alphanumeric() || c == '-'));
        let w = w.trim_matches('-');
        if w.is_empty() {
            continue;
        }
        count += 1;
        if count > 14 {
            return false;
        }
        if SHARE_STRONG.contains(&w) {
            strong += 1;
        } else if !(SHARE_FILLER.contains(&w) || is_number(w)) {
            return false;
        }
    }
    strong > 0
}

// ---------------------------------------------------------------------------
// Breadcrumbs

fn is_breadcrumb(lower: &str, words: &[&str]) -> bool {
    if words.len() > 15 {
        return false;
    }
    const SEPS: &[char] = &['>', '»', '›', '/', '→', '\\'];
    let mut segments = lower
        .split(SEPS)
        .map(|s| s.trim())
        .filter(|s| !s.is_empty());
    let first = match segments.next() {
        Some(f) => f,
        None => return false,
    };
    if segments.next().is_none() {
        return false;
    }
    matches!(
        first,
        "home"
            | "homepage"
            | "home page"
            | "main"
            | "start"
            | "главная"
            | "accueil"
            | "startseite"
            | "inicio"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn chrome(line: &str, want: Chrome) {
        assert_eq!(classify_line(line), Some(want), "line: {line:?}");
    }

    #[track_caller]
    fn content(line: &str) {
        assert_eq!(classify_line(line), None, "line: {line:?}");
    }

    #[test]
    fn share_rows() {
        chrome("Google+ Pinterest LinkedIn Tumblr +", Chrome::ShareButtons);
        chrome("Share: Facebook Twitter Email", Chrome::ShareButtons);
        chrome("Share this:", Chrome::ShareButtons);
        chrome("Tweet", Chrome::ShareButtons);
        chrome("VK Telegram WhatsApp", Chrome::ShareButtons);
        chrome("Facebook | Twitter | LinkedIn", Chrome::ShareButtons);
        chrome("  Share on Facebook • Share on X  ", Chrome::ShareButtons);
        chrome("Facebook 12 Twitter 3 Email", Chrome::ShareButtons);
        chrome("Follow us", Chrome::ShareButtons);
        chrome("Share 1.2k", Chrome::ShareButtons);
        chrome(
            "Поделиться: ВКонтакте Одноклассники Телеграм",
            Chrome::ShareButtons,
        );
    }

    #[test]
    fn comments() {
        chrome("Comments are closed.", Chrome::CommentsClosed);
        chrome("Comments are closed", Chrome::CommentsClosed);
        chrome(
            "Comments are closed for this article.",
            Chrome::CommentsClosed,
        );
        chrome("Leave a comment", Chrome::CommentsClosed);
        chrome("Log in to comment", Chrome::CommentsClosed);
        chrome("3 Comments", Chrome::CommentsClosed);
        chrome("Comments (12)", Chrome::CommentsClosed);
        chrome("Leave a Reply", Chrome::CommentsClosed);
    }

    #[test]
    fn cookies() {
        chrome(
            "We use cookies to improve your experience on our website. By browsing this website, you agree to our use of cookies.",
            Chrome::CookieNotice,
        );
        chrome("This website uses cookies", Chrome::CookieNotice);
        chrome("Accept cookies", Chrome::CookieNotice);
        chrome("Accept all", Chrome::CookieNotice);
        chrome("Got it!", Chrome::CookieNotice);
        chrome(
            "By continuing to use this site you consent to the use of cookies in accordance with our cookie policy.",
            Chrome::CookieNotice,
        );
        chrome("Cookie settings", Chrome::CookieNotice);
    }

    #[test]
    fn print_subscribe_nav_related_copyright() {
        chrome("Print", Chrome::Print);
        chrome("Print version", Chrome::Print);
        chrome("Printer-friendly version", Chrome::Print);
        chrome("Subscribe to our newsletter", Chrome::Subscribe);
        chrome("Sign up for our newsletter!", Chrome::Subscribe);
        chrome("Read more", Chrome::Navigation);
        chrome("Read more »", Chrome::Navigation);
        chrome("Back to top", Chrome::Navigation);
        chrome("↑ Back to top", Chrome::Navigation);
        chrome("Home > News > Statements", Chrome::Navigation);
        chrome("Home / Press room", Chrome::Navigation);
        chrome("Tags: budget, education", Chrome::Navigation);
        chrome("Related articles", Chrome::RelatedLinks);
        chrome(
            "Read also: Minister opens new bridge in the north",
            Chrome::RelatedLinks,
        );
        chrome("© 2024 Ministry of Coastal Affairs", Chrome::Copyright);
        chrome("Copyright © 2023 Northland Water Board", Chrome::Copyright);
        chrome(
            "Copyright 2021 Example Agency. All rights reserved.",
            Chrome::Copyright,
        );
        chrome("All rights reserved.", Chrome::Copyright);
        chrome("(c) 2022 Harbour Authority", Chrome::Copyright);
        chrome(
            "2024 Ministry of Coastal Affairs. All rights reserved.",
            Chrome::Copyright,
        );
    }

    #[test]
    fn near_misses_are_content() {
        content("The ministry said Facebook had removed the posts.");
        content("Twitter, Facebook and Telegram were blocked for two days in March.");
        content("Cookies and cakes were served at the reception.");
        content("The regulator said the app uses cookies to track users.");
        content("We will regulate tracking cookies strictly, the minister said.");
        content("Print media accounted for 20 percent of the advertising budget.");
        content("Subscribers will receive the report by email.");
        content("Share prices fell 3% on Monday.");
        content("Read more about the programme on page 4.");
        content("Copyright law was amended in 2019.");
        content("Comments are welcome until 1 May.");
        content("Next year the ministry will open 12 new schools.");
        content("Back to school: the ministry published new guidelines.");
        content("Home affairs minister resigned.");
        content("Email: press@ministry.example");
        content("The deputy minister said all rights reserved by the treaty remain in force.");
        content("Related measures will be announced in the spring.");
        content("Most read newspapers still rely on print subscriptions, the survey found.");
        content("Accept the invitation, the minister urged the delegates.");
        content("Subscribe to the idea that the river belongs to everyone and you will understand the law.");
        content("Top officials met in Geneva on Tuesday.");
        content("Telegram channels spread the rumour, according to the ministry statement.");
        content("");
        content("   ");
        content("* * *");
        content("2024");
        content("(c) the ministry shall publish the report within 30 days;");
        content("By using cookies, the agency tracked visitors, the report said.");
        content("Cookie consent rules were tightened in 2020.");
        content("I agree.");
        content("Comments");
        content("Get updates on the talks from our correspondent in Geneva.");
    }

    #[test]
    fn as_str_matches_serde() {
        for c in [
            Chrome::ShareButtons,
            Chrome::CommentsClosed,
            Chrome::CookieNotice,
            Chrome::Navigation,
            Chrome::Subscribe,
            Chrome::Print,
            Chrome::Copyright,
            Chrome::RelatedLinks,
        ] {
            let json = serde_json::to_string(&c).unwrap();
            assert_eq!(json, format!("\"{}\"", c.as_str()));
        }
    }

    #[test]
    fn very_long_lines_are_content() {
        let long = "Facebook ".repeat(500);
        content(&long);
        let cookie = format!("We use cookies {}", "and more words ".repeat(200));
        content(&cookie);
    }
}
