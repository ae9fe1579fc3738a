// Package rules is the rule-based engine of triage: a Router that picks the
// queue a ticket goes to and an Extractor that reads what an email orders.
//
// Both are driven by one YAML rules file (see default.yaml, embedded and
// returned by Default). Nothing about queue names, currencies or cue words is
// hard-coded in Go: a file may describe an entirely different label set, such
// as bitext.yaml for the Bitext customer-service categories or curekart.yaml
// for the HINT3 CureKart intents.
//
// The engine is deterministic, safe for concurrent use and linear in the size
// of its input, so it can serve as the always-available fallback behind the
// LLM engine. Each field is split into words once and each word looked up
// once in a lexicon of the rules' terms (typos corrected, with a cache, only
// for words it may not know); all the patterns of a list run as one DFA pass
// (internal/multire), and package regexp runs only the patterns that do
// match, where positions are needed. TestGoldenDecisions holds every decision
// on every labelled set. internal/eval ("triage eval") measures either engine
// against labelled sets.
package rules
