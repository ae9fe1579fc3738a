package replay

import (
	"slices"
	"testing"
)

func TestParsePositions(t *testing.T) {
	for _, tc := range []struct {
		in      string
		want    []Position
		wantErr bool
	}{
		{"0:120,1:98", []Position{{"", 0, 120}, {"", 1, 98}}, false},
		{" t.a/2:5 , t.b/0:0", []Position{{"t.a", 2, 5}, {"t.b", 0, 0}}, false},
		{"triage.inbound.tickets/3:7", []Position{{"triage.inbound.tickets", 3, 7}}, false},
		{"0=120", nil, true},
		{"-1:5", nil, true},
		{"0:x", nil, true},
		{"", nil, true},
	} {
		got, err := ParsePositions(tc.in)
		if (err != nil) != tc.wantErr || !slices.Equal(got, tc.want) {
			t.Errorf("ParsePositions(%q) = %v, %v; want %v, error %v", tc.in, got, err, tc.want, tc.wantErr)
		}
		if err == nil {
			back, _ := ParsePositions(FormatPositions(got, got[0].Topic != ""))
			if !slices.Equal(back, got) {
				t.Errorf("round trip of %q = %v", tc.in, back)
			}
		}
	}
}

func TestLookupPosition(t *testing.T) {
	ps := []Position{{"a", 0, 10}, {"", 1, 20}}
	for _, tc := range []struct {
		topic string
		p     int
		want  int64
		ok    bool
	}{{"a", 0, 10, true}, {"b", 0, 0, false}, {"b", 1, 20, true}, {"a", 2, 0, false}} {
		if got, ok := lookup(ps, tc.topic, tc.p); got != tc.want || ok != tc.ok {
			t.Errorf("lookup(%s/%d) = %d %v, want %d %v", tc.topic, tc.p, got, ok, tc.want, tc.ok)
		}
	}
}
