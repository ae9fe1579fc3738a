package rules

import "testing"

func TestReadReply(t *testing.T) {
	r, err := Load("default.yaml")
	if err != nil {
		t.Fatal(err)
	}
	c := NewExtractor(r).cfg
	tests := []struct {
		body                 string
		strong, like, hold   bool
		qty, declines, nruns int
	}{
		{"Sure thing - go ahead, twelve of them please.", true, false, false, 12, 0, 2},
		{"Lovely, then 4 of the jugs.", false, true, false, 4, 0, 2},
		{"Make it 15 instead of 10.", false, false, false, 15, 0, 1},
		{"Not 10 but 15 please.", false, false, false, 15, 1, 1},
		{"We'll go with option 3.", true, false, false, 0, 0, 1},
		{"Can we take them later? I'll check with my boss.", false, false, true, 0, 0, 1},
		{"Could you send 30 more?", true, false, false, 30, 0, 1},
		{"Skip the lids, no thanks.", false, false, false, 0, 2, 0},
	}
	for _, tt := range tests {
		got := c.readReply(tt.body)
		if got.strong != tt.strong || got.like != tt.like || got.hold != tt.hold || got.qty != tt.qty ||
			len(got.declines) != tt.declines || len(got.runs) != tt.nruns {
			t.Errorf("%q: got %+v", tt.body, got)
		}
	}
}

func TestPhraseListAndStems(t *testing.T) {
	pl := phrases("go ahead", "we'll have")
	for s, want := range map[string]bool{"OK, go ahead!": true, "We'll have two": true, "go on ahead": false, "we have": false} {
		if got := pl.any(words(s)); got != want {
			t.Errorf("any(%q) = %v", s, got)
		}
	}
	if stem("boards") != "board" || stem("glass") != "glass" || stem("bus") != "bus" {
		t.Error("stem")
	}
	if got := content(words("the 3 oak boards, please")); len(got) != 2 || got[0] != "oak" {
		t.Errorf("content = %q", got)
	}
}
