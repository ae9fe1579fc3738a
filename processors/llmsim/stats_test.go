package llmsim

import "testing"

func TestCountersSnapshot(t *testing.T) {
	var c counters
	for i, m := range Modes() {
		for range i + 1 {
			c.mode(m)
		}
	}
	s := c.snapshot()
	for i, m := range Modes() {
		t.Run(string(m), func(t *testing.T) {
			if got := s.Mode(m); got != int64(i+1) {
				t.Errorf("Mode(%s) = %d, want %d", m, got, i+1)
			}
		})
	}
	if s.Mode("nope") != 0 {
		t.Error("unknown mode counted")
	}
}
