package bench

import (
	"math"
	"strings"
	"testing"
)

func TestParseSizes(t *testing.T) {
	s, err := ParseSizes("400:70, 4096:25,1048576:5")
	if err != nil {
		t.Fatal(err)
	}
	if len(s) != 3 || s[2].Bytes != MaxValueBytes {
		t.Fatalf("got %v, want 3 sizes, the last cut to %d", s, MaxValueBytes)
	}
	if got, want := s.Mean(), (400*70+4096*25+float64(MaxValueBytes)*5)/100; math.Abs(got-want) > 1e-6 {
		t.Errorf("Mean = %f, want %f", got, want)
	}
	for u, want := range map[float64]int{0: 400, 0.69: 400, 0.70: 4096, 0.94: 4096, 0.96: MaxValueBytes, 0.999: MaxValueBytes} {
		if got := s.Pick(u); got != want {
			t.Errorf("Pick(%v) = %d, want %d", u, got, want)
		}
	}
	one, err := ParseSizes("1024")
	if err != nil || one.Pick(0.5) != 1024 || one.String() != "1024" {
		t.Errorf("ParseSizes(1024) = %v, %v", one, err)
	}
	for _, bad := range []string{"", "0", "x", "100:-1", "100:0", "1k:5"} {
		if _, err := ParseSizes(bad); err == nil || !strings.Contains(err.Error(), "--size") {
			t.Errorf("ParseSizes(%q) err = %v, want one naming --size", bad, err)
		}
	}
}

func TestParseMix(t *testing.T) {
	m, err := ParseMix("60:35:5")
	if err != nil {
		t.Fatal(err)
	}
	for u, want := range map[float64]string{0: "tickets", 0.59: "tickets", 0.61: "emails", 0.94: "emails", 0.96: "bad"} {
		if got := m.Kind(u); got != want {
			t.Errorf("Kind(%v) = %s, want %s", u, got, want)
		}
	}
	if only, _ := ParseMix("1:0:0"); only.Kind(0.99) != "tickets" {
		t.Errorf("1:0:0 gave %s", only.Kind(0.99))
	}
	for _, bad := range []string{"", "1:2", "a:b:c", "0:0:0", "1:-1:0", "1:2:3:4"} {
		if _, err := ParseMix(bad); err == nil || !strings.Contains(err.Error(), "--mix") {
			t.Errorf("ParseMix(%q) err = %v, want one naming --mix", bad, err)
		}
	}
}
