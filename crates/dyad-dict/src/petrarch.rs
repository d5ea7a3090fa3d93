//! Readers for the PETRARCH/TABARI dictionary formats (being written).
