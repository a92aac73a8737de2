//! What this instance has done since it started, counted for `/metrics` (issue 14; the server
//! writes them out as Prometheus text, which sums them over instances): state changes per
//! lifecycle and command, card checks per method and outcome, rate-limit refusals per limit.
//! Counting never fails and never waits on the database.
use std::collections::BTreeMap;
use std::sync::Mutex;

/// A counter's name and its labels (name, value), in the order given.
pub type Series = (&'static str, Vec<(&'static str, String)>);

static COUNTERS: Mutex<BTreeMap<Series, u64>> = Mutex::new(BTreeMap::new());

/// Adds one to the counter `name` with these labels.
pub fn count(name: &'static str, labels: &[(&'static str, &str)]) {
    let key = (name, labels.iter().map(|(k, v)| (*k, (*v).to_string())).collect());
    if let Ok(mut counters) = COUNTERS.lock() {
        *counters.entry(key).or_insert(0) += 1;
    }
}

/// A state change committed (`lifecycle`: application, card, request, …).
pub fn transition(lifecycle: &'static str, command: &str) {
    count("yunju_transitions_total", &[("lifecycle", lifecycle), ("command", command)]);
}

/// Every counter, sorted by name and labels.
pub fn counters() -> Vec<(Series, u64)> {
    COUNTERS.lock().map(|c| c.iter().map(|(k, v)| (k.clone(), *v)).collect()).unwrap_or_default()
}

/// The value of one counter (0 if never counted): for tests.
pub fn value(name: &'static str, labels: &[(&'static str, &str)]) -> u64 {
    let key: Series = (name, labels.iter().map(|(k, v)| (*k, (*v).to_string())).collect());
    COUNTERS.lock().ok().and_then(|c| c.get(&key).copied()).unwrap_or(0)
}
