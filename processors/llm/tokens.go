package llm

import (
	"fmt"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	tiktoken "github.com/pkoukk/tiktoken-go"
	tiktokenloader "github.com/pkoukk/tiktoken-go-loader"
)

// Token encodings, as tiktoken names them.
const (
	EncodingCL100K = "cl100k_base"
	EncodingO200K  = "o200k_base"
)

// Segmenting bounds the work of one tokenizer call. tiktoken-go's byte-pair
// merge is quadratic in the length of one pre-tokenized piece, so a long run
// without whitespace (a 1 MB "aaaa…", a long base64 line) would take minutes.
// Text is encoded in segments cut before whitespace once maxSegmentBytes is
// reached, and inside a run of non-space characters every maxRunBytes. A cut
// run can only cost a token or so more than the exact count, so Count is an
// exact count for ordinary text and a slight over-count for such runs: the
// safe side for a budget.
const (
	maxSegmentBytes = 4096
	maxRunBytes     = 128
)

// encoders caches one tokenizer per encoding: loading the BPE ranks takes a
// few hundred milliseconds and a few hundred MB of garbage.
var (
	loaderOnce sync.Once
	encMu      sync.Mutex
	encoders   = map[string]*tiktoken.Tiktoken{}
)

// encoder returns the cached tokenizer of the named encoding, loading it from
// the BPE files embedded in tiktoken-go-loader: never from the network.
func encoder(name string) (*tiktoken.Tiktoken, error) {
	loaderOnce.Do(func() { tiktoken.SetBpeLoader(tiktokenloader.NewOfflineLoader()) })
	encMu.Lock()
	defer encMu.Unlock()
	if enc, ok := encoders[name]; ok {
		return enc, nil
	}
	enc, err := tiktoken.GetEncoding(name)
	if err != nil {
		return nil, fmt.Errorf("llm: tokenizer %s: %w", name, err)
	}
	encoders[name] = enc
	return enc, nil
}

// EncodingForModel names the encoding of an OpenAI model: o200k_base for the
// GPT-4o, GPT-4.1, GPT-4.5, GPT-5 and o-series families, cl100k_base for
// everything else (GPT-4, GPT-3.5, and non-OpenAI models, whose own
// tokenizers it only approximates: leave headroom in MaxInputTokens).
func EncodingForModel(model string) string {
	m := strings.ToLower(model)
	if i := strings.LastIndexByte(m, '/'); i >= 0 { // "openai/gpt-4o" style names
		m = m[i+1:]
	}
	for _, p := range []string{"gpt-4o", "chatgpt-4o", "gpt-4.1", "gpt-4.5", "gpt-5", "o1", "o3", "o4"} {
		if strings.HasPrefix(m, p) {
			return EncodingO200K
		}
	}
	return EncodingCL100K
}

// Counter counts and cuts text in a model's tokens. It is safe for
// concurrent use.
type Counter struct {
	enc   *tiktoken.Tiktoken
	name  string
	fixed *fixedCounts
}

// NewCounter returns a Counter for model's encoding (EncodingForModel). The
// first Counter of an encoding loads it (a few hundred ms); later ones share
// it.
func NewCounter(model string) (*Counter, error) {
	name := EncodingForModel(model)
	enc, err := encoder(name)
	if err != nil {
		return nil, err
	}
	return &Counter{enc: enc, name: name, fixed: &fixedCounts{counts: map[string]int{}}}, nil
}

// Encoding is the name of the counter's encoding.
func (c *Counter) Encoding() string { return c.name }

// Count is the number of tokens in s (special tokens such as <|endoftext|>
// count as ordinary text, as the API treats them in a message).
func (c *Counter) Count(s string) int {
	n := 0
	for seg := range segments(s) {
		n += len(c.enc.EncodeOrdinary(seg))
	}
	return n
}

// encode returns the tokens of s, segment by segment; decoding any prefix or
// suffix of them gives back a prefix or suffix of s's bytes.
func (c *Counter) encode(s string) []int {
	var toks []int
	for seg := range segments(s) {
		toks = append(toks, c.enc.EncodeOrdinary(seg)...)
	}
	return toks
}

// segments yields s in pieces that tile it, cut as the comment on
// maxSegmentBytes says.
func segments(s string) func(yield func(string) bool) {
	return func(yield func(string) bool) {
		start, run := 0, 0
		for i := 0; i < len(s); {
			r, size := utf8.DecodeRuneInString(s[i:])
			if unicode.IsSpace(r) {
				run = 0
				if i-start >= maxSegmentBytes {
					if !yield(s[start:i]) {
						return
					}
					start = i
				}
			} else {
				if run >= maxRunBytes {
					if !yield(s[start:i]) {
						return
					}
					start, run = i, 0
				}
				run += size
			}
			i += size
		}
		if start < len(s) {
			yield(s[start:])
		}
	}
}
