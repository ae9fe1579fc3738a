package decode

import (
	"encoding/base64"
	"encoding/json"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/triage/triage/internal/failure"
	"github.com/triage/triage/processors"
)

var kinds = []processors.Kind{processors.KindEmail, processors.KindTicket}

// sameVerdict decodes value as kind with the typed parser and with the
// JSON-Schema reference: the dead-letter reasons must be equal, and on
// success the Inputs too.
func sameVerdict(t testing.TB, d *Decoder, kind processors.Kind, value []byte) {
	t.Helper()
	ref := bySchema(testSchemas(t))
	want, werr := d.decode(kind, value, ref)
	got, gerr := d.decode(kind, value, typed)
	if g, w := failure.Classify(gerr), failure.Classify(werr); g != w {
		t.Fatalf("%s %.300q:\ntyped:  %q (%v)\nschema: %q (%v)", kind, value, g, gerr, w, werr)
	}
	if werr == nil && !reflect.DeepEqual(got, want) {
		t.Fatalf("%s %.300q: typed decoded\n%+v\nschema path\n%+v", kind, value, got, want)
	}
}

// TestTypedMatchesSchema: the typed decoder accepts and rejects exactly
// what the JSON-Schema path does, with the same dead-letter reason and the
// same Input, over every fuzz corpus in the repository, the dead-letter
// cases, the demo samples, the schema samples, the hostile corpus and
// generated mutations of valid events.
func TestTypedMatchesSchema(t *testing.T) {
	d := &Decoder{MaxBytes: 1 << 20}
	sets := map[string][][]byte{
		"fuzz corpora":    fuzzCorpora(t),
		"dead letters":    deadLetterValues(t),
		"demo samples":    demoValues(t),
		"schema samples":  schemaSamples(t),
		"hostile corpus":  hostileValues(t),
		"mutations":       mutations(),
		"byte mutations":  byteMutations(2000),
		"structure edges": structureEdges(),
		"long strings":    longStrings(3000),
	}
	for name, values := range sets {
		if len(values) == 0 {
			t.Fatalf("%s: no values", name)
		}
		t.Run(strings.ReplaceAll(name, " ", "_"), func(t *testing.T) {
			accepted := 0
			for _, v := range values {
				for _, kind := range kinds {
					sameVerdict(t, d, kind, v)
					if _, err := d.Decode(kind, v); err == nil {
						accepted++
					}
				}
			}
			t.Logf("%d values, %d decodes accepted", len(values), accepted)
		})
	}
}

// FuzzTypedMatchesSchema keeps comparing the typed decoder with the
// JSON-Schema path on whatever the fuzzer finds.
func FuzzTypedMatchesSchema(f *testing.F) {
	for _, v := range append(append(mutations()[:400:400], demoValues(f)...), deadLetterValues(f)...) {
		f.Add(v)
	}
	d := &Decoder{MaxBytes: 1 << 16}
	f.Fuzz(func(t *testing.T, value []byte) {
		for _, kind := range kinds {
			sameVerdict(t, d, kind, value)
		}
	})
}

// fuzzCorpora reads every committed fuzz input of the repository: each
// string or []byte argument of each file under */testdata/fuzz/*/.
func fuzzCorpora(t testing.TB) [][]byte {
	var out [][]byte
	err := filepath.WalkDir("../..", func(path string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() || !strings.Contains(filepath.ToSlash(path), "/testdata/fuzz/") {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, line := range strings.Split(string(data), "\n")[1:] {
			i, j := strings.IndexByte(line, '('), strings.LastIndexByte(line, ')')
			if i < 0 || j <= i || !(strings.HasPrefix(line, "string(") || strings.HasPrefix(line, "[]byte(")) {
				continue
			}
			if s, err := strconv.Unquote(line[i+1 : j]); err == nil {
				out = append(out, []byte(s))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// deadLetterValues are the values of the dead-letter cases: TestDecodeErrors'
// table and the demo's bad records.
func deadLetterValues(t testing.TB) [][]byte {
	var out [][]byte
	for _, c := range decodeErrorCases(t) {
		out = append(out, c.value)
	}
	for _, line := range readLines(t, "../../internal/demo/samples/bad.jsonl") {
		var rec struct {
			Value []byte `json:"value_b64"`
		}
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatal(err)
		}
		out = append(out, rec.Value)
	}
	return out
}

func demoValues(t testing.TB) [][]byte {
	var out [][]byte
	for _, f := range []string{"emails", "tickets"} {
		for _, line := range readLines(t, "../../internal/demo/samples/"+f+".jsonl") {
			out = append(out, []byte(line))
		}
	}
	return out
}

func hostileValues(t testing.TB) [][]byte {
	var out [][]byte
	for _, f := range []string{"hostile_emails", "hostile_tickets"} {
		for _, line := range readLines(t, "../../internal/pipeline/testdata/"+f+".jsonl") {
			out = append(out, []byte(line))
		}
	}
	return out
}

func schemaSamples(t testing.TB) [][]byte {
	var out [][]byte
	for _, dir := range []string{"email.v1", "ticket.v1"} {
		files, _ := filepath.Glob(filepath.Join("../../schemas/testdata", dir, "*", "*.json"))
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, data)
		}
	}
	return out
}

// member is one key and its raw JSON value.
type member struct{ key, value string }

func doc(ms []member) []byte {
	var b strings.Builder
	b.WriteByte('{')
	for i, m := range ms {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`"` + m.key + `":` + m.value)
	}
	b.WriteByte('}')
	return []byte(b.String())
}

var (
	ticketBase = []member{{"ticket_id", `"T-1"`}, {"subject", `"Refund"`}, {"body", `"Where is it?"`}, {"channel", `"web"`},
		{"customer", `{"id":"c1","email":"a@b.c"}`}, {"created_at", `"2026-11-27T10:00:00Z"`}}
	emailBase = []member{{"message_id", `"<m1@x>"`}, {"from", `"a@b.c"`}, {"to", `["o@shop.example"]`}, {"subject", `"Order"`},
		{"text", `"2 x HB-1KG"`}, {"received_at", `"2026-11-27T09:15:42Z"`}, {"in_reply_to", `"<m0@x>"`}, {"references", `["<m0@x>"]`}}
)

// pool is the values every member is replaced with: wrong types, lengths
// around every bound (in multi-byte runes too), escapes, dates Go and
// jsonschema disagree on, arrays and objects of every shape.
func pool() []string {
	q := func(s string) string { b, _ := json.Marshal(s); return string(b) }
	vs := []string{`null`, `0`, `-1.5e3`, `true`, `false`, `""`, `"a"`, `"ab"`, `"abc"`, `"\u0000"`, `"\ud800"`,
		`"\ud83d\ude00"`, `"T\u002d1"`, `"a\/b"`, `[]`, `["abc"]`, `["ab"]`, `[null]`, `[1]`, `["abc",null]`, `[[]]`, `{}`,
		`{"id":"x"}`, `{"id":1}`, `{"ID":"x"}`, `{"id":"x","extra":1}`, `{"id":""}`, `{"id":null}`, `{"email":"e"}`,
		`{"id":"x","email":null}`, `{"Id":2,"id":"x"}`, `{"id":"x","id":3}`, `{"id":3,"id":"x"}`, `"QUJD\r\nRA=="`, `"not base64!"`,
		`"QUJDRA=Q"`, `"\u0041BC"`}
	for _, n := range []int{1, 2, 3, 63, 64, 65, 255, 256, 257, 997, 998, 999} {
		vs = append(vs, q(strings.Repeat("x", n)), q(strings.Repeat("é", n)), q(strings.Repeat("😀", n)))
	}
	for _, n := range []int{0, 1, 99, 100, 101} {
		vs = append(vs, "["+strings.TrimSuffix(strings.Repeat(`"<a@x>",`, n), ",")+"]")
	}
	for _, dt := range []string{"2026-11-27T10:00:00Z", "2026-11-27t10:00:00Z", "2026-11-27T10:00:00z", "2026-11-27T23:59:60Z",
		"2026-11-27T10:00:60Z", "2026-11-27T1:00:00Z", "2026-11-27T10:00:00,5Z", "2026-11-27T10:00:00.5Z", "2026-11-27T10:00:00.Z",
		"2026-11-27T10:00:00+24:00", "2026-11-27T10:00:00+23:59", "2026-11-27T10:00:00+23:60", "2026-11-27T10:00:00-00:00",
		"2026-02-29T10:00:00Z", "2024-02-29T10:00:00Z", "2026-13-01T00:00:00Z", "0000-01-01T00:00:00Z",
		"9999-12-31T23:59:59.999999999999Z", "2026-11-27 10:00:00Z", "2026-11-27T10:00:00", "2026-11-27T10:00:00+01:00:00",
		"+2026-11-27T10:00:00Z", "2026-11-27T10:00:00.123456789+05:30", "2026-11-27T10:00Z", "2026-11-27T24:00:00Z",
		"2026-11-27T23:59:60+00:00", "2026-11-27T00:59:60+01:00", "2026-11-27T10:00:00-99:99", "2026-11-27T10:00:00+0100",
		"2026-1-27T10:00:00Z", "2026-11-27T10:0:00Z", "２026-11-27T10:00:00Z"} {
		vs = append(vs, q(dt))
	}
	vs = append(vs, `"2026-11-27T10:00:00\u005a"`, `"2026\u002d11-27T10:00:00Z"`)
	return vs
}

// mutations of a valid ticket and email: each member deleted, replaced by
// every pool value, duplicated before and after with it, renamed in
// another case or with an escape, plus an extra member.
func mutations() [][]byte {
	var out [][]byte
	vs := pool()
	for _, base := range [][]member{ticketBase, emailBase, append(emailBase[:4:4], member{"html", `"<p>hi</p>"`}, emailBase[5]),
		append(emailBase[:4:4], member{"raw_mime", strconv.Quote(base64.StdEncoding.EncodeToString([]byte("Subject: s\n\nhi\n")))}, emailBase[5])} {
		out = append(out, doc(base), doc(append(base[:len(base):len(base)], member{"extra", `1`})))
		for i, m := range base {
			without := append(append([]member{}, base[:i]...), base[i+1:]...)
			out = append(out, doc(without),
				doc(append(without, member{strings.ToUpper(m.key), m.value})),
				doc(append(without, member{m.key[:1] + `\u` + strconv.FormatInt(int64(m.key[1]), 16) + m.key[2:], m.value})),
				doc(append(without, member{strings.ToUpper(m.key[:1]) + m.key[1:], m.value})))
			for _, v := range vs {
				out = append(out, doc(append(without, member{m.key, v})),
					doc(append(append([]member{}, base...), member{m.key, v})),
					doc(append([]member{{m.key, v}}, base...)))
			}
		}
	}
	return out
}

// structureEdges: top-level shapes, trailing data, truncation at every
// byte, nesting at encoding/json's depth limit.
func structureEdges() [][]byte {
	t, e := doc(ticketBase), doc(emailBase)
	out := [][]byte{[]byte(`[]`), []byte(`null`), []byte(`"x"`), []byte(`1`), []byte(` `), []byte(`{}`), []byte(`{} {}`),
		[]byte("\ufeff{}"), []byte(`{"a":1,}`), []byte(`{"a" 1}`), []byte(`{,}`), []byte(`[1,]`), []byte(`01`), []byte(`-`),
		[]byte(`1.`), []byte(`1e`), []byte(`1e+`), []byte(`tru`), []byte(`nul`), []byte(`"\x"`), []byte(`"\u12"`),
		[]byte("\"a\tb\""), append(t, " \n x"...), append(t, t...), append([]byte("[ "), append(t, ']')...), append(e, '\n')}
	for _, v := range [][]byte{t, e} {
		for i := range v {
			out = append(out, v[:i])
		}
	}
	for _, n := range []int{9998, 9999, 10000, 10001} {
		deep := strings.Repeat("[", n) + strings.Repeat("]", n)
		out = append(out, doc(append(ticketBase[:5:5], member{"extra", deep})), []byte(deep),
			doc(append(emailBase[:2:2], member{"to", deep})))
	}
	return out
}

// byteMutations flips, inserts and deletes bytes of valid events, n times,
// with a fixed seed.
func byteMutations(n int) [][]byte {
	r := rand.New(rand.NewPCG(10, 3))
	seeds := [][]byte{doc(ticketBase), doc(emailBase)}
	const alphabet = `{}[]:,"\ 0123456789.eE+-tfnulrTZaAé` + "\t\n\x00\x7f"
	var out [][]byte
	for range n {
		v := append([]byte(nil), seeds[r.IntN(len(seeds))]...)
		for range 1 + r.IntN(3) {
			i := r.IntN(len(v))
			c := alphabet[r.IntN(len(alphabet))]
			switch r.IntN(3) {
			case 0:
				v[i] = c
			case 1:
				v = append(v[:i], append([]byte{c}, v[i:]...)...)
			default:
				v = append(v[:i], v[i+1:]...)
			}
		}
		out = append(out, v)
	}
	return out
}
