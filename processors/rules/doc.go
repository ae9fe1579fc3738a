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
// LLM engine. internal/eval ("triage eval") measures either engine against
// labelled sets.
package rules
