package model

// Features says which features a model reads from a text. Words are runs
// of letters and digits, lower-cased; a word holding a digit becomes "0"
// (order numbers, amounts and dates carry no routing evidence by their
// value).
type Features struct {
	// WordNgrams: 1 counts words, 2 also adjacent word pairs.
	WordNgrams int `json:"word_ngrams"`
	// CharMin and CharMax bound the character n-grams counted inside each
	// word padded with a space on either side (" refund " gives " re",
	// "ref", ..., "nd "); CharMax 0 counts none. They make a misspelt word
	// ("refnd") share most of its evidence with the right one.
	CharMin int `json:"char_min"`
	CharMax int `json:"char_max"`
	// CharWeight scales each character n-gram's count (its evidence is
	// spread over many n-grams per word; 1 counts it like a word).
	CharWeight float64 `json:"char_weight"`
}

// DefaultFeatures are the features triage learn uses unless told.
var DefaultFeatures = Features{WordNgrams: 2, CharMin: 3, CharMax: 5, CharWeight: 0.2}

// Feature is one feature of a text and its count: "w:" a word, "b:" a
// word pair, "c:" a character n-gram.
type Feature struct {
	Name   string
	Weight float64
}

// Extract returns the features of a ticket's subject and body (read as one
// text), each once, in the order they first occur: sums over them are the
// same on every call, so predictions are bit-for-bit deterministic. It
// names the features Features.walk meets, as the prediction path hashes
// them. Safe for concurrent use.
func (f Features) Extract(subject, body string) []Feature {
	var sc scan
	sc.words(subject + "\n" + body)
	var out []Feature
	at := make(map[string]int, len(sc.ends)*4)
	f.walk(&sc, func(prefix string, a, b []byte, w float64) {
		name := prefix + string(a)
		if b != nil {
			name += " " + string(b)
		}
		if i, ok := at[name]; ok {
			out[i].Weight += w
			return
		}
		at[name] = len(out)
		out = append(out, Feature{name, w})
	})
	return out
}
