package rules

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/triage/triage/processors"
)

// Router routes tickets to queues by weighted keyword, phrase and pattern
// signals. It is safe for concurrent use.
type Router struct {
	rules    *Rules
	signals  *signalSet
	queueOf  []int // rule index -> queue index
	fallback int
	request  *phraseSet // RequestCues; nil when there are none
	unread   reList     // IgnoreLines
	speller  *speller   // nil unless TypoTolerance
	spelled  []bool     // lexicon number -> the speller knows the word (leaves it)
	words    *wordTable // the lexicon, once compiled
	pass     routePass  // the matchers above, joined
	err      error      // set when the rules did not compile; Process returns it
}

// NewRouter compiles the router section of r. Rules from Parse, Load and
// Default are valid; if r is not, every Process call returns the validation
// error and Route sends everything to the fallback queue.
func NewRouter(r *Rules) *Router {
	rt := &Router{rules: r}
	if err := rt.compile(); err != nil {
		rt.err = fmt.Errorf("rules: router: %w", err)
	}
	return rt
}

func (rt *Router) compile() error {
	rr := rt.rules.Router
	if err := validateRouter(rr); err != nil {
		return err
	}
	index := map[string]int{}
	for i, q := range rr.Queues {
		index[q] = i
	}
	sigs := make([]Signal, len(rr.Rules))
	rt.queueOf = make([]int, len(rr.Rules))
	for i, rule := range rr.Rules {
		sigs[i] = rule.Signal
		rt.queueOf[i] = index[rule.Queue]
	}
	rt.fallback = index[rr.FallbackQueue]
	var err error
	if rt.signals, err = compileSignals(sigs); err != nil {
		return err
	}
	if rt.unread, err = compileUnread(rr.IgnoreLines); err != nil {
		return err
	}
	if len(rr.RequestCues) > 0 && rr.RequestWeight > 1 {
		rt.request = newPhraseSet(rt.signals.terms.lex) // before the speller numbers the lexicon
		for _, c := range rr.RequestCues {
			if _, err := rt.request.add(c); err != nil {
				return fmt.Errorf("request_cues: %w", err)
			}
		}
	}
	if rr.TypoTolerance {
		vocab := map[string]bool{}
		for _, s := range sigs {
			for _, term := range append(append([]string{}, s.Terms...), s.Unless...) {
				for _, w := range words(strings.ReplaceAll(term, "*", "")) {
					vocab[w] = true
				}
			}
		}
		rt.speller = newSpeller(vocab)
		lex := rt.signals.terms.lex
		rt.spelled = make([]bool, len(lex.ids))
		for w, id := range lex.ids {
			rt.spelled[id] = vocab[w]
		}
	}
	rt.words = newWordTable(rt.signals.terms.lex.ids)
	rt.pass, err = newRoutePass(rt.signals, rt.request, rt.unread)
	return err
}

// text prepares one field for matching, in sc's buffers: split into words,
// typos corrected if enabled, and looked up in the rules' lexicon, in one
// pass. A word the lexicon and the speller both know is left as it is
// without asking the speller (it would leave it too).
func (rt *Router) text(s string, sc *wordScratch) text {
	t := text{raw: s, words: sc.split(s)}
	lex := rt.signals.terms.lex
	sc.ids = slices.Grow(sc.ids[:0], len(t.words))[:len(t.words)]
	t.ids, t.lex = sc.ids, lex
	for i, w := range t.words {
		id, ok := rt.words.get(w)
		if rt.speller != nil && !(ok && rt.spelled[id]) {
			if fixed := rt.speller.fix(w); fixed != "" {
				t.words[i] = fixed
				id, ok = rt.words.get(fixed)
			}
		}
		if !ok {
			id = -1
		}
		t.ids[i] = id
	}
	return t
}

// routeScratch is one Route call's working memory: the word and pattern
// buffers of the subject and body, the per-signal and per-queue tallies,
// and the term occurrences of the field being read. best is all zeros
// between uses (see signalSet.countTerms).
type routeScratch struct {
	w                             [2]wordScratch
	pats                          [2][]bool
	sc, bc, scores, contrib, best []float64
	veto, ask                     []bool
	ends                          []int
	occs                          []occ
}

// scratchPool holds routeScratches; nothing Route returns points into them.
var scratchPool = sync.Pool{New: func() any { return new(routeScratch) }}

// zeroed returns b resized to n entries, all zero, reusing its memory.
func zeroed[T any](b []T, n int) []T {
	b = slices.Grow(b[:0], n)[:n]
	clear(b)
	return b
}

// Route returns the queue for a ticket (read without the text IgnoreLines
// find), the names of the rules that voted for it, and a confidence in [0,1]: how far the winner leads the runner-up,
// relative to its own score (s1-s2)/(s1+1). Falling back gives confidence 0.
func (rt *Router) Route(subject, body string) (processors.Route, float64) {
	return rt.route(subject, body, nil)
}

// maxAlternatives is how many scored queues Process reports.
const maxAlternatives = 3

// route is Route; with alts it also lists the queues that scored, best
// first (at most maxAlternatives), for review tasks.
func (rt *Router) route(subject, body string, alts *[]processors.QueueScore) (processors.Route, float64) {
	if rt.err != nil {
		return processors.Route{Queue: rt.rules.Router.FallbackQueue}, 0
	}
	rr := rt.rules.Router
	scr := scratchPool.Get().(*routeScratch)
	defer scratchPool.Put(scr)
	nsig := len(rt.signals.signals)
	scr.veto = zeroed(scr.veto, nsig)
	scr.sc = rt.field(subject, 0, scr, scr.veto, zeroed(scr.sc, nsig))
	scr.bc = rt.field(body, 1, scr, scr.veto, zeroed(scr.bc, nsig))
	sc, bc, veto := scr.sc, scr.bc, scr.veto

	scr.scores, scr.contrib = zeroed(scr.scores, len(rr.Queues)), zeroed(scr.contrib, len(rr.Rules))
	scores, contrib := scr.scores, scr.contrib
	for i, rule := range rr.Rules {
		if veto[i] || sc[i]+bc[i] == 0 {
			continue
		}
		contrib[i] = rule.Weight * (rr.SubjectWeight*sc[i] + bc[i])
		scores[rt.queueOf[i]] += contrib[i]
	}

	best, second := -1, -1
	for q := range scores {
		switch {
		case best < 0 || scores[q] > scores[best]:
			best, second = q, best
		case second < 0 || scores[q] > scores[second]:
			second = q
		}
	}
	if alts != nil {
		*alts = topScores(rr.Queues, scores)
	}
	if best < 0 || scores[best] <= 0 || scores[best] < rr.MinScore {
		return processors.Route{Queue: rr.FallbackQueue}, 0
	}
	var matched []string
	for i, rule := range rr.Rules {
		if contrib[i] > 0 && rt.queueOf[i] == best {
			matched = append(matched, rule.Name)
		}
	}
	s1, s2 := scores[best], 0.0
	if second >= 0 && scores[second] > 0 {
		s2 = scores[second]
	}
	return processors.Route{Queue: rr.Queues[best], Matched: matched}, (s1 - s2) / (s1 + 1)
}

// Process implements processors.Processor: it routes in.Subject and in.Body.
func (rt *Router) Process(ctx context.Context, in processors.Input) (processors.Output, error) {
	if err := ctx.Err(); err != nil {
		return processors.Output{}, fmt.Errorf("rules: route %s: %w", in.ID, err)
	}
	if rt.err != nil {
		return processors.Output{}, rt.err
	}
	var alts []processors.QueueScore
	route, conf := rt.route(in.Subject, in.Body, &alts)
	return processors.Output{
		Decision:     &route,
		Alternatives: alts,
		Provenance: processors.Provenance{
			Source:        processors.SourceRules,
			EngineVersion: rt.rules.Version(),
			Confidence:    &conf,
		},
	}, nil
}

// topScores lists the queues with a positive score, best first, at most
// maxAlternatives.
func topScores(queues []string, scores []float64) []processors.QueueScore {
	var out []processors.QueueScore
	for q, sc := range scores {
		if sc > 0 {
			out = append(out, processors.QueueScore{Queue: queues[q], Score: sc})
		}
	}
	slices.SortStableFunc(out, func(a, b processors.QueueScore) int { return cmp.Compare(b.Score, a.Score) })
	return out[:min(len(out), maxAlternatives)]
}
