package rules

import (
	"fmt"
	"slices"
	"strings"
)

// Kinds of Finding.
const (
	// FindDuplicate: a term listed twice (in one rule or in two), both
	// times voting for a queue, or both times against one. An error.
	FindDuplicate = "duplicate"
	// FindNoEvidence: a queue other than the fallback that no rule votes
	// for; it can never be chosen. An error.
	FindNoEvidence = "no-evidence"
	// FindShadowed: a term every match of which also matches a shorter
	// term of the same queue ("refund request" beside "refund*"): it only
	// counts the same evidence twice. A warning.
	FindShadowed = "shadowed"
	// FindSingleRecord: a phrase (a term of two or more words) or a
	// pattern that fires on exactly one labelled record: evidence lifted
	// from one sentence rather than the queue's vocabulary. A warning.
	FindSingleRecord = "single-record"
	// FindNoDescription: a queue without a description, so the LLM prompt
	// names it without saying what belongs there. A warning.
	FindNoDescription = "no-description"
)

// Finding is one problem Check reports about a rules file's router.
type Finding struct {
	Kind   string `json:"kind"`
	Queue  string `json:"queue,omitempty"`
	Rule   string `json:"rule,omitempty"`
	Term   string `json:"term,omitempty"`
	Detail string `json:"detail"`
}

// Error reports whether the finding makes a rules file wrong rather than
// merely suspicious.
func (f Finding) Error() bool { return f.Kind == FindDuplicate || f.Kind == FindNoEvidence }

func (f Finding) String() string {
	sev := "warning"
	if f.Error() {
		sev = "error"
	}
	where := f.Queue
	if f.Rule != "" {
		where = "rule " + f.Rule
	}
	if f.Term != "" {
		where += fmt.Sprintf(" term %q", f.Term)
	}
	return fmt.Sprintf("%s %s: %s: %s", sev, f.Kind, where, f.Detail)
}

// Example is one labelled ticket Check counts the router's phrases on.
type Example struct {
	ID, Subject, Body, Queue string
}

// Check lints the router section of r: duplicate terms, terms shadowed by a
// shorter term of their queue, queues without evidence or description and,
// over examples (none: skipped), phrases and patterns that fire on a
// single record. Findings come in rule order; r must be valid (Parse,
// Load, Default). It only reads r and is safe for concurrent use.
func Check(r *Rules, examples []Example) []Finding {
	rr := r.Router
	var out []Finding
	voted := map[string]bool{}
	type place struct{ rule, queue string }
	seen := map[string]place{}
	for _, rule := range rr.Rules {
		if rule.Weight > 0 {
			voted[rule.Queue] = true
		}
		for _, term := range rule.Terms {
			// A term may vote for one queue and against another (a
			// negative rule); only the same term twice with one sign is
			// a duplicate.
			key := fmt.Sprint(rule.Weight > 0, strings.Join(strings.Fields(strings.ToLower(term)), " "))
			if p, ok := seen[key]; ok {
				out = append(out, Finding{Kind: FindDuplicate, Queue: rule.Queue, Rule: rule.Name, Term: term,
					Detail: fmt.Sprintf("also listed in rule %s (queue %s)", p.rule, p.queue)})
				continue
			}
			seen[key] = place{rule.Name, rule.Queue}
		}
	}
	out = append(out, shadowed(rr)...)
	for _, q := range rr.Queues {
		if !voted[q] && q != rr.FallbackQueue {
			out = append(out, Finding{Kind: FindNoEvidence, Queue: q, Detail: "no rule with a positive weight votes for it; only the fallback could reach it, and it is not the fallback"})
		}
		if strings.TrimSpace(rr.Descriptions[q]) == "" {
			out = append(out, Finding{Kind: FindNoDescription, Queue: q, Detail: "add it under router.descriptions; the LLM prompt shows it"})
		}
	}
	if len(examples) > 0 {
		out = append(out, singleRecord(r, examples)...)
	}
	return out
}

// shadowed finds terms that contain a shorter term of the same queue.
func shadowed(rr RouterRules) []Finding {
	type owned struct {
		ph   phrase
		term string
		rule RouteRule
	}
	byQueue := map[string][]owned{}
	for _, rule := range rr.Rules {
		if rule.Weight <= 0 {
			continue
		}
		for _, term := range rule.Terms {
			ps := newPhraseSet()
			if id, err := ps.add(term); err == nil {
				byQueue[rule.Queue] = append(byQueue[rule.Queue], owned{ps.phrases[id], term, rule})
			}
		}
	}
	var out []Finding
	for _, rule := range rr.Rules {
		for _, long := range byQueue[rule.Queue] {
			if long.rule.Name != rule.Name {
				continue
			}
			for _, short := range byQueue[rule.Queue] {
				if len(short.ph.words) < len(long.ph.words) && covers(short.ph, long.ph) {
					out = append(out, Finding{Kind: FindShadowed, Queue: rule.Queue, Rule: rule.Name, Term: long.term,
						Detail: fmt.Sprintf("every match also matches %q (rule %s): the same evidence counts twice", short.term, short.rule.Name)})
					break
				}
			}
		}
	}
	return out
}

// covers reports whether every text long matches in also matches short:
// short's words occur contiguously in long, each equal, or a prefix word
// of short starting long's exact word.
func covers(short, long phrase) bool {
	for at := 0; at+len(short.words) <= len(long.words); at++ {
		ok := true
		for j, w := range short.words {
			lw, lpre := long.words[at+j], long.prefix[at+j]
			switch {
			case short.prefix[j]:
				ok = strings.HasPrefix(lw, w)
			default:
				ok = !lpre && lw == w
			}
			if !ok {
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// singleRecord counts, over examples, the records each phrase (two or more
// words) and each pattern fires on, as the router matches them (typos
// corrected), and reports those that fire on exactly one.
func singleRecord(r *Rules, examples []Example) []Finding {
	rt := NewRouter(r)
	if rt.err != nil {
		return nil
	}
	s := rt.signals
	termRecs := make([][]string, len(s.termOwner))
	patRecs := make([][]string, len(s.patOwner))
	var ws [2]wordScratch
	for _, ex := range examples {
		fired := map[int]bool{}
		var buf [64]bool
		pats := make([]bool, len(s.patOwner))
		for k, field := range []string{ex.Subject, ex.Body} {
			t := rt.text(field, &ws[k])
			s.terms.matchIDs(t.words, t.ids, func(id, _ int) { fired[id] = true })
			for i, h := range s.patterns.hits(field, buf[:0]) {
				pats[i] = pats[i] || h
			}
		}
		for id := range fired {
			termRecs[id] = append(termRecs[id], ex.ID)
		}
		for i, h := range pats {
			if h {
				patRecs[i] = append(patRecs[i], ex.ID)
			}
		}
	}
	var out []Finding
	rules := r.Router.Rules
	for i, rule := range rules {
		id := slices.Index(s.termOwner, i)
		for k, term := range rule.Terms {
			if len(words(strings.ReplaceAll(term, "*", ""))) > 1 && len(termRecs[id+k]) == 1 {
				out = append(out, Finding{Kind: FindSingleRecord, Queue: rule.Queue, Rule: rule.Name, Term: term,
					Detail: "fires on one labelled record only (" + termRecs[id+k][0] + "): name the queue's vocabulary instead of a sentence"})
			}
		}
		p := slices.Index(s.patOwner, i)
		for k, pat := range rule.Patterns {
			if len(patRecs[p+k]) == 1 {
				out = append(out, Finding{Kind: FindSingleRecord, Queue: rule.Queue, Rule: rule.Name, Term: pat,
					Detail: "pattern fires on one labelled record only (" + patRecs[p+k][0] + ")"})
			}
		}
	}
	return out
}
