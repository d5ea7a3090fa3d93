//! What dyad knows: the CAMEO event ontology with PLOVER types, actors with
//! dated roles, agents, verbs and patterns, read from dyad's own dictionary
//! files and from the PETRARCH/TABARI formats, and a fast matcher that finds
//! actor names in tokenized text.

pub mod dictionary;
pub mod format;
pub mod matcher;
pub mod model;
pub mod ontology;
pub mod petrarch;

pub use matcher::Matcher;
pub use model::{
    parse_day, parse_range, ActorRecord, AgentRecord, DateRange, DatedCode, Day, DictError,
    DiscardRecord, IssueRecord, LoadOptions, Loaded, PatternRecord, PatternSyntax, Source, Synset,
    VerbDictionary, VerbRecord,
};
pub use ontology::{EventCode, Ontology, QuadClass};
