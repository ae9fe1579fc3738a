package llm

import (
	"strings"
	"sync"
	"testing"
)

func mustCounter(t testing.TB, model string) *Counter {
	t.Helper()
	c, err := NewCounter(model)
	if err != nil {
		t.Fatalf("NewCounter(%q): %v", model, err)
	}
	return c
}

func TestEncodingForModel(t *testing.T) {
	for _, tc := range []struct{ model, want string }{
		{"gpt-4o", EncodingO200K},
		{"gpt-4o-mini-2024-07-18", EncodingO200K},
		{"gpt-4.1-nano", EncodingO200K},
		{"gpt-5-mini", EncodingO200K},
		{"o3-mini", EncodingO200K},
		{"openai/gpt-4o", EncodingO200K},
		{"gpt-4-turbo", EncodingCL100K},
		{"gpt-3.5-turbo", EncodingCL100K},
		{"llama-3.1-8b-instruct", EncodingCL100K},
		{"", EncodingCL100K},
	} {
		t.Run(tc.model, func(t *testing.T) {
			if got := EncodingForModel(tc.model); got != tc.want {
				t.Errorf("EncodingForModel(%q) = %s, want %s", tc.model, got, tc.want)
			}
		})
	}
}

// "hello world" and "tiktoken is great!" are the counts OpenAI's cookbook
// gives; the others pin the behaviour this package relies on.
func TestCountMatchesTiktoken(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		model, text string
		want        int
	}{
		{"gpt-4", "hello world", 2},
		{"gpt-4", "tiktoken is great!", 6},
		{"gpt-4", "", 0},
		{"gpt-4o", "hello world", 2},
		{"gpt-4", "<|endoftext|>", 7}, // special tokens count as text
	} {
		t.Run(tc.model+"/"+tc.text, func(t *testing.T) {
			if got := mustCounter(t, tc.model).Count(tc.text); got != tc.want {
				t.Errorf("Count(%q) = %d, want %d", tc.text, got, tc.want)
			}
		})
	}
}

// A long run without whitespace must not hit tiktoken-go's quadratic merge,
// and its count stays close to the exact one.
func TestCountLongRunIsFastAndClose(t *testing.T) {
	t.Parallel()
	c := mustCounter(t, "gpt-4")
	exact := len(c.enc.EncodeOrdinary(strings.Repeat("a", 4096)))
	got := c.Count(strings.Repeat("a", 4096))
	if got < exact || got > exact+4096/maxRunBytes {
		t.Errorf("Count(a*4096) = %d, exact %d: want at most one extra token per %d-byte cut", got, exact, maxRunBytes)
	}
	if n := c.Count(strings.Repeat("a", 256<<10)); n < (256<<10)/16 {
		t.Errorf("Count(a*256KiB) = %d, implausibly low", n)
	}
}

func TestSegmentsTileTheInput(t *testing.T) {
	for _, s := range []string{
		"",
		"short text",
		strings.Repeat("word ", 3000),
		strings.Repeat("x", 1000) + " " + strings.Repeat("ü", 300),
		strings.Repeat("日本語", 500),
	} {
		var b strings.Builder
		for seg := range segments(s) {
			if seg == "" {
				t.Fatalf("empty segment")
			}
			b.WriteString(seg)
		}
		if b.String() != s {
			t.Errorf("segments of a %d-byte string do not join back to it", len(s))
		}
	}
}

func TestCounterIsConcurrencySafe(t *testing.T) {
	t.Parallel()
	c := mustCounter(t, "gpt-4o")
	text := strings.Repeat("Please cancel order 4711, the parcel never arrived. ", 50)
	want := c.Count(text)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if got := c.Count(text); got != want {
				t.Errorf("concurrent Count = %d, want %d", got, want)
			}
			if out, _ := c.Truncate(text, 40); c.Count(out) > 40 {
				t.Errorf("concurrent Truncate over budget")
			}
		})
	}
	wg.Wait()
}
