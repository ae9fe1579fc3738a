package multire

import (
	"math/rand/v2"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"

	"go.yaml.in/yaml/v3"
)

// shippedPatterns returns the regular expressions of the shipped rules
// files, as the rules engine compiles them ((?i) before router patterns),
// in the groups it matches together.
func shippedPatterns(t testing.TB) [][]string {
	var out [][]string
	for _, f := range []string{"../../default.yaml", "../../bitext.yaml", "../../curekart.yaml"} {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var doc struct {
			Router struct {
				Rules []struct{ Patterns []string }
			}
			Extractor map[string]any
		}
		if err := yaml.Unmarshal(data, &doc); err != nil {
			t.Fatal(err)
		}
		var router []string
		for _, r := range doc.Router.Rules {
			for _, p := range r.Patterns {
				router = append(router, "(?i)"+p)
			}
		}
		out = append(out, router)
		var block []string
		for _, k := range []string{"sku_patterns", "order_ref_patterns", "ignore_patterns", "skip_lines", "stop_lines", "address_headers"} {
			var group []string
			ps, _ := doc.Extractor[k].([]any)
			for _, p := range ps {
				group = append(group, p.(string))
			}
			if k == "order_ref_patterns" || k == "ignore_patterns" {
				block = append(block, group...)
			}
			out = append(out, group)
		}
		out = append(out, block)
	}
	return out
}

var edgePatterns = []string{
	`^abc`, `abc$`, `(?m)^x$`, `\bfoo\b`, `\Bo\B`, `(?i)kelvin`, `(?i)straße`, `(?i)s`, `\p{Lu}\p{Ll}+`, `[^a-z]`,
	`.`, `(?s).`, `^$`, `a*`, `\A\z`, `x+y`, `(?i)ǅ`, `é`, `\x{FFFD}`, `[\x{80}-\x{10FFFF}]`, `\d{3}-\d{4}`,
	`(?U)a+?b`, `(a|b)*c`, `\n\n`, `(?m)$`, `[[:upper:]]{2}`,
}

func randomString(rng *rand.Rand, alphabet []string, n int) string {
	var b strings.Builder
	for range n {
		b.WriteString(alphabet[rng.IntN(len(alphabet))])
	}
	return b.String()
}

// TestMatchesRegexp compares Match with regexp.MatchString of each pattern
// on random strings over an alphabet of the characters the patterns use,
// case variants, multi-byte and invalid UTF-8.
func TestMatchesRegexp(t *testing.T) {
	for _, pats := range append(shippedPatterns(t), edgePatterns) {
		if len(pats) > 0 {
			matchesRegexp(t, pats)
		}
	}
}

// compile returns pats as a Set and as regexps.
func compile(t *testing.T, pats []string) (*Set, []*regexp.Regexp) {
	set, err := New(pats)
	if err != nil {
		t.Fatal(err)
	}
	res := make([]*regexp.Regexp, len(pats))
	for i, p := range pats {
		res[i] = regexp.MustCompile(p)
	}
	return set, res
}

func matchesRegexp(t *testing.T, pats []string) {
	set, res := compile(t, pats)
	alphabet := strings.Split("a b c x y o f s S K k \u212a ſ é É ǅ ǆ ß - / . , : # ( ) @ $ € + 0 1 2 3 4 5 9 _ \xff \xe2\x82", " ")
	alphabet = append(alphabet, " ", "  ", "\n", "\t", "SKU-", "PO-", "order ", "Order #", "ref: ", "Jan ", "3rd ", "10:30 ",
		"pm", "Tel ", "total: ", "Invoice ", "Via Roma ", "Thanks,", "Regards", "-- ", "> ", "Ship to:", "error 500 ",
		"send it back", "we need ", "your invoice no. ", "what would it cost", "order today", "immunity power")
	rng := rand.New(rand.NewPCG(1, 2))
	n := 5000
	if testing.Short() {
		n = 500
	}
	hit := make([]bool, len(pats))
	for range n {
		text := randomString(rng, alphabet, rng.IntN(40))
		clear(hit)
		set.Match(text, hit)
		for i, re := range res {
			if want := re.MatchString(text); hit[i] != want {
				t.Fatalf("pattern %q on %q: got %v, want %v", pats[i], text, hit[i], want)
			}
		}
	}
	t.Logf("%d patterns: %d states", len(pats), len(set.states))
}

// TestStateBound shows that a Set never holds more than maxStates states:
// it starts its cache afresh when full, and still answers as regexp does.
func TestStateBound(t *testing.T) {
	pat := `a[ab]{14}$` // 2^14 states to tell where the a was
	set, err := New([]string{pat})
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(pat)
	rng := rand.New(rand.NewPCG(3, 4))
	hit := make([]bool, 1)
	for range 300 {
		text := randomString(rng, []string{"a", "b"}, 200)
		hit[0] = false
		set.Match(text, hit)
		if hit[0] != re.MatchString(text) {
			t.Fatalf("%q: got %v", text, hit[0])
		}
		if len(set.states) > maxStates {
			t.Fatalf("%d states (bound %d)", len(set.states), maxStates)
		}
	}
	if set.flushes == 0 {
		t.Fatal("the cache was never started afresh")
	}
}

func TestNewError(t *testing.T) {
	if _, err := New([]string{`ok`, `(`}); err == nil || !strings.Contains(err.Error(), "pattern 1") {
		t.Fatalf("err %v", err)
	}
}

func BenchmarkMatch1KB(b *testing.B) {
	groups := shippedPatterns(b)
	set, err := New(groups[len(groups)-1])
	if err != nil {
		b.Fatal(err)
	}
	text := strings.Repeat("Please send 3 x Blue Widget (BW-01) at $4.00 each by 2026-11-27. Thanks!\n", 15)[:1024]
	hit := make([]bool, set.Len())
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		set.Match(text, hit)
	}
}

// TestConcurrentScans runs scans on many goroutines while the cache grows
// and starts afresh under them (run with -race): every answer is still
// regexp's.
func TestConcurrentScans(t *testing.T) {
	pats := []string{`a[ab]{14}$`, `(?i)b{3}a`, `^ab`}
	set, res := compile(t, pats)
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(g), 9))
			hit := make([]bool, len(pats))
			for range 200 {
				text := randomString(rng, []string{"a", "b", "a", "b", "B"}, 300)
				clear(hit)
				set.Match(text, hit)
				for i, re := range res {
					if hit[i] != re.MatchString(text) {
						t.Errorf("pattern %q on %q: got %v", pats[i], text, hit[i])
						return
					}
				}
			}
		}()
	}
	wg.Wait()
	if states, flushes := set.Stats(); states > maxStates || flushes == 0 {
		t.Fatalf("%d states, %d flushes: the cache should have started afresh within its bound", states, flushes)
	}
}
