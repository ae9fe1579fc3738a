package llm

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestTruncate(t *testing.T) {
	t.Parallel()
	c := mustCounter(t, "gpt-4o")
	email := "BEGIN of the customer email.\n" +
		strings.Repeat("Dear support, the invoice 2024-117 lists 3 chairs but I ordered 4. ", 400) +
		"\nEND regards, Jürgen"
	for _, tc := range []struct {
		name    string
		in      string
		budget  int
		wantCut bool
		marker  bool // the omission marker must appear
	}{
		{"empty", "", 10, false, false},
		{"fits", "hello world", 2, false, false},
		{"fits exactly by bytes", "abc", 3, false, false},
		{"zero budget", "hello world", 0, true, false},
		{"negative budget", "hello world", -5, true, false},
		{"tiny budget keeps the head only", email, 5, true, false},
		{"long email", email, 200, true, true},
		{"umlauts everywhere", strings.Repeat("äöüß€ ", 2000), 100, true, true},
		{"cjk without spaces", strings.Repeat("日本語のテキスト", 2000), 100, true, true},
		{"one long run", strings.Repeat("a", 100_000), 150, true, true},
		{"budget exactly the count", "one two three four", 4, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, cut := c.Truncate(tc.in, tc.budget)
			if cut != tc.wantCut {
				t.Fatalf("cut = %v, want %v", cut, tc.wantCut)
			}
			if !cut && out != tc.in {
				t.Fatalf("uncut output differs from the input")
			}
			if n := c.Count(out); n > max(tc.budget, 0) {
				t.Fatalf("Count(out) = %d > budget %d", n, tc.budget)
			}
			if !utf8.ValidString(out) {
				t.Fatalf("output is not valid UTF-8")
			}
			hasMarker := regexp.MustCompile(`\n\[… (about )?\d+ tokens omitted …\]\n`).MatchString(out)
			if hasMarker != tc.marker {
				t.Fatalf("marker present = %v, want %v in %q", hasMarker, tc.marker, out)
			}
			if tc.marker {
				head, tail, _ := strings.Cut(out, "\n[…")
				tail = tail[strings.Index(tail, "]\n")+2:]
				if !strings.HasPrefix(tc.in, head) || !strings.HasSuffix(tc.in, tail) {
					t.Fatalf("output is not a head and a tail of the input")
				}
				if len(head) < len(tail) {
					t.Errorf("head (%d bytes) shorter than tail (%d bytes): want about 2/3 head", len(head), len(tail))
				}
				if n := c.Count(out); n < tc.budget*3/4 {
					t.Errorf("Count(out) = %d uses too little of budget %d", n, tc.budget)
				}
			}
		})
	}
	t.Run("keeps both ends of an email", func(t *testing.T) {
		out, _ := c.Truncate(email, 200)
		if !strings.HasPrefix(out, "BEGIN of the customer email.") || !strings.HasSuffix(out, "END regards, Jürgen") {
			t.Errorf("lost the start or the end: %q", out)
		}
	})
}

func TestTruncateOneMegabyte(t *testing.T) {
	t.Parallel()
	c := mustCounter(t, "gpt-4o-mini")
	for _, tc := range oneMegabyte() {
		t.Run(tc.name, func(t *testing.T) {
			out, cut := c.Truncate(tc.body, 2500)
			if !cut || c.Count(out) > 2500 {
				t.Fatalf("cut = %v, Count = %d, want cut and <= 2500", cut, c.Count(out))
			}
			// The middle was estimated, not tokenized (how long that takes
			// is BenchmarkTruncateOneMegabyte's to show).
			if !strings.Contains(out, "[… about ") {
				t.Errorf("no estimated marker: the whole MB was counted")
			}
		})
	}
}

// BenchmarkTruncateOneMegabyte: go test -run XXX -bench TruncateOneMegabyte
// ./processors/llm/ shows the time to cut 1 MB to 2500 tokens; Truncate
// tokenizes only the kept ends, so it is far under the 2s a whole-MB
// tokenization would take.
func BenchmarkTruncateOneMegabyte(b *testing.B) {
	c := mustCounter(b, "gpt-4o-mini")
	for _, tc := range oneMegabyte() {
		b.Run(strings.ReplaceAll(tc.name, " ", "_"), func(b *testing.B) {
			for b.Loop() {
				c.Truncate(tc.body, 2500)
			}
		})
	}
}

// oneMegabyte are 1 MB texts of the shapes that are costly to tokenize.
func oneMegabyte() []struct{ name, body string } {
	b64 := make([]byte, 0, 1<<20)
	for i := 0; len(b64) < 1<<20; i++ {
		b64 = append(b64, "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo0NzExMDgxNQ"[i%46])
	}
	return []struct{ name, body string }{
		{"prose", strings.Repeat("Hello, my order #12345 arrived broken. Bitte erstatten Sie 49,90 €.\n", 1<<20/70)},
		{"one run without whitespace", strings.Repeat("a", 1<<20)},
		{"base64 without line breaks", string(b64)},
	}
}

func TestTruncateMarkerCount(t *testing.T) {
	t.Parallel()
	c := mustCounter(t, "gpt-4o")
	re := regexp.MustCompile(`\n\[… (about )?(\d+) tokens omitted …\]\n`)
	for _, tc := range []struct {
		name      string
		in        string
		wantAbout bool
		tolerance float64 // relative error allowed in N
	}{
		{"small middle is counted", strings.Repeat("The parcel 4711 never arrived. ", 300), false, 0.01},
		{"large middle is estimated", strings.Repeat("Die Rechnung Nr. 2024-117 ist falsch, bitte korrigieren. ", 2000), true, 0.10},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, _ := c.Truncate(tc.in, 300)
			m := re.FindStringSubmatch(out)
			if m == nil {
				t.Fatalf("no marker in %q", out)
			}
			if (m[1] != "") != tc.wantAbout {
				t.Errorf("marker %q: want about = %v", m[0], tc.wantAbout)
			}
			got, _ := strconv.Atoi(m[2])
			head, tail, _ := strings.Cut(out, m[0])
			want := c.Count(tc.in[len(head) : len(tc.in)-len(tail)])
			if diff := float64(got-want) / float64(want); diff > tc.tolerance || diff < -tc.tolerance {
				t.Errorf("marker says %d tokens omitted, the middle has %d", got, want)
			}
		})
	}
}
