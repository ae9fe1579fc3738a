package processors

import (
	"context"
	"errors"
	"testing"
)

func humanKey(in Input) string { return HumanKey("route", in) }

// A person's answer takes precedence over the LLM and its cache: the same
// text (whitespace aside) is answered from it, with source human and no
// call; an answer that no longer fits (Check) is a miss.
func TestHumanAnswerTakesPrecedence(t *testing.T) {
	f := &llmFake{mode: "ok"}
	store := NewMemoryStore(10)
	var r results
	hits := 0
	check := func(in Input, out Output) error {
		if out.Decision.(*Route).Queue == "gone" {
			return errors.New("queue gone")
		}
		return nil
	}
	p := Chain(f, Human(store, HumanOptions{Key: humanKey, Check: check, OnHit: func() { hits++ }}),
		Cache(store, r.options(routeKey, nil)))
	ctx := context.Background()
	in := Input{Subject: "Charged twice", Body: "please refund"}
	if out, _ := p.Process(ctx, in); out.Provenance.Source != SourceLLM {
		t.Fatalf("first decision by %s", out.Provenance.Source)
	}
	human := Output{Decision: &Route{Queue: "shipping"}, Provenance: Provenance{Source: SourceHuman, EngineVersion: "human"}}
	if err := StoreHuman(ctx, store, humanKey(in), human); err != nil {
		t.Fatal(err)
	}
	out, err := p.Process(ctx, Input{Subject: "Charged  twice", Body: "please\nrefund "})
	if err != nil || out.Provenance.Source != SourceHuman || out.Decision.(*Route).Queue != "shipping" || f.n() != 1 || hits != 1 {
		t.Fatalf("after the correction: %+v %v, LLM calls %d, hits %d; want shipping by human, 1 call", out, err, f.n(), hits)
	}
	gone := Output{Decision: &Route{Queue: "gone"}, Provenance: Provenance{Source: SourceHuman, EngineVersion: "human"}}
	if err := StoreHuman(ctx, store, humanKey(in), gone); err != nil {
		t.Fatal(err)
	}
	if out, _ := p.Process(ctx, in); out.Provenance.Source == SourceHuman {
		t.Errorf("an answer Check refuses was served: %+v", out)
	}
}

func TestStoreHumanRefusesOtherSources(t *testing.T) {
	out := Output{Decision: &Route{Queue: "billing"}, Provenance: Provenance{Source: SourceLLM}}
	if err := StoreHuman(context.Background(), NewMemoryStore(1), "k", out); err == nil {
		t.Fatal("an LLM answer stored as a person's")
	}
}

// A failing store costs the lookup only.
func TestHumanStoreErrorIsAMiss(t *testing.T) {
	f := &llmFake{mode: "ok"}
	var errs int
	p := Chain(f, Human(brokenStore{}, HumanOptions{Key: humanKey, OnError: func(error) { errs++ }}))
	if out, err := p.Process(context.Background(), Input{Subject: "x"}); err != nil || out.Provenance.Source != SourceLLM || errs != 1 {
		t.Fatalf("%+v %v errors %d", out, err, errs)
	}
}
