package rules_test

import (
	"testing"

	"github.com/triage/triage/processors/rules"
)

// TestRouteHoldout scores default.yaml on tickets written unlike the dev set.
//
// Batches a (terse chat/phone notes, typos, no subject), b (long emails with
// signatures and misleading side topics) and c (telco/banking/SaaS wording,
// non-native English, ~10% "other") were written before the rules changed
// and scored once: a 0.840 (42/50), b 0.830 (39/47), c 0.745 (35/47).
// The rules were then generalised against them (after: 0.960, 1.000,
// 1.000), so they are no longer held out. Batch d was written after those
// fixes and scored once: 0.825 (33/40). Its misses were then generalised
// (status codes only beside error words, "pay yearly", sign-in loops, "stuck
// in processing", inviting users, a dented box around intact goods) and typo
// tolerance was made safe and switched on (a 0.960 -> 1.000; b, c, d 1.000),
// so d is no longer held out either. Batch e (50 tickets, all queues, chat,
// long email, non-native English, 10% "other") was written before those
// changes and scored once after them: 0.720 (36/50). Its misses were mostly
// plain wording with no cue word, so a generated lexicon of weak evidence
// (internal/eval/lexicon, learned from the dev set and a-d, never from e)
// was added to default.yaml; e, scored once more, is then 0.800 (40/50).
// Batch e was not tuned on and is the honest figure for unseen tickets.
// Issue 11 part 7 removed the sentence-shaped phrases (a-d had been fitted
// with them) for general evidence (request tie-break, per-queue vocabulary,
// negative cues), judged on the frozen set 2026-11-29: d fell to 0.925
// (37/40; a, b, c stay 1.000), e rose to 0.860 (43/50). e's and f's misses
// had been read by then, so neither is unseen any more.
func TestRouteHoldout(t *testing.T) {
	r, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, set := range []struct {
		name  string
		floor float64
	}{
		{"a", 0.90}, {"b", 0.90}, {"c", 0.90}, {"d", 0.90}, {"e", 0.76},
	} {
		t.Run(set.name, func(t *testing.T) {
			m := routeScoreFile(t, r, "testdata/route_holdout_"+set.name+".jsonl")
			t.Logf("holdout %s:\n%s", set.name, m)
			if m.Accuracy < set.floor {
				t.Errorf("holdout %s accuracy %.3f < %.3f", set.name, m.Accuracy, set.floor)
			}
		})
	}
}

// TestBitextHoldout scores bitext.yaml on 40 hand-written Bitext-style
// utterances (paraphrases, chat spelling, wording outside the templates).
// Scored once before the rules changed: 0.700 (28/40); after the general
// fixes 1.000, so it is no longer held out.
func TestBitextHoldout(t *testing.T) {
	r, err := rules.Load("bitext.yaml")
	if err != nil {
		t.Fatal(err)
	}
	m := routeScoreFile(t, r, "testdata/bitext_holdout.jsonl")
	t.Logf("Bitext holdout:\n%s", m)
	if m.Accuracy < 0.90 {
		t.Errorf("Bitext holdout accuracy %.3f < 0.90", m.Accuracy)
	}
}

// TestRouteSpecificPhraseWins checks that a term inside a longer term of
// another queue does not count: "stopped working after" is a returns cue.
func TestRouteSpecificPhraseWins(t *testing.T) {
	r, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	got, _ := rules.NewRouter(r).Route("", "the kettle stopped working after a week")
	if got.Queue != "returns" {
		t.Errorf("got %s %v, want returns", got.Queue, got.Matched)
	}
}
