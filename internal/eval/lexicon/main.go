// Command lexicon learns weak routing evidence from labelled tickets and
// prints it as rules for a rules file's router section: per queue, the
// words whose smoothed log-odds of appearing in that queue's tickets
// against the others' is highest. The rules it prints carry a low weight,
// so one word alone never routes a ticket (it stays under min_score) but a
// few together do, which catches plain wording no hand-written cue covers.
//
//	go run ./internal/eval/lexicon -data processors/rules/testdata/route_default.jsonl,... -rules processors/rules/default.yaml
//
// Output is YAML to paste between the "generated lexicon" markers of the
// rules file. Words the rules file already names are skipped.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"sort"
	"strings"
	"unicode"
)

func main() {
	data := flag.String("data", "", "labelled JSONL files, comma-separated ({subject, body, gold:{queue}})")
	rulesFile := flag.String("rules", "", "rules file whose terms are skipped")
	top := flag.Int("top", 30, "words per queue")
	minDocs := flag.Int("min-docs", 3, "a word must appear in at least this many tickets of the queue")
	minOdds := flag.Float64("min-log-odds", 1.5, "minimum smoothed log-odds against the other queues")
	weight := flag.Float64("weight", 0.5, "weight of each generated rule's terms")
	skipQueue := flag.String("skip-queue", "other", "queue to learn no words for (the fallback)")
	flag.Parse()
	if err := run(*data, *rulesFile, *top, *minDocs, *minOdds, *weight, *skipQueue); err != nil {
		fmt.Fprintln(os.Stderr, "lexicon:", err)
		os.Exit(1)
	}
}

func run(data, rulesFile string, top, minDocs int, minOdds, weight float64, skipQueue string) error {
	known := map[string]bool{}
	if rulesFile != "" {
		b, err := os.ReadFile(rulesFile)
		if err != nil {
			return err
		}
		for _, w := range words(string(b)) {
			known[w] = true
		}
	}
	docs := map[string]map[string]int{} // queue -> word -> tickets containing it
	n := map[string]int{}
	for _, path := range strings.Split(data, ",") {
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			var c struct {
				Subject, Body string
				Gold          struct{ Queue string }
			}
			if json.Unmarshal(sc.Bytes(), &c) != nil || c.Gold.Queue == "" {
				continue
			}
			q := c.Gold.Queue
			if docs[q] == nil {
				docs[q] = map[string]int{}
			}
			n[q]++
			seen := map[string]bool{}
			for _, w := range words(c.Subject + " " + c.Body) {
				if !seen[w] {
					seen[w] = true
					docs[q][w]++
				}
			}
		}
		f.Close()
	}
	total := 0
	for _, v := range n {
		total += v
	}
	queues := make([]string, 0, len(docs))
	for q := range docs {
		queues = append(queues, q)
	}
	sort.Strings(queues)
	fmt.Println("    # BEGIN generated lexicon (go run ./internal/eval/lexicon; see its doc)")
	for _, q := range queues {
		if q == skipQueue {
			continue
		}
		type scored struct {
			w string
			s float64
		}
		var cands []scored
		for w, k := range docs[q] {
			if k < minDocs || known[w] || stop[w] {
				continue
			}
			rest := 0
			for _, o := range queues {
				if o != q {
					rest += docs[o][w]
				}
			}
			in := (float64(k) + 0.5) / (float64(n[q]) + 1)
			out := (float64(rest) + 0.5) / (float64(total-n[q]) + 1)
			if s := math.Log(in / out); s >= minOdds {
				cands = append(cands, scored{w, s})
			}
		}
		sort.Slice(cands, func(i, j int) bool {
			if cands[i].s != cands[j].s {
				return cands[i].s > cands[j].s
			}
			return cands[i].w < cands[j].w
		})
		if len(cands) > top {
			cands = cands[:top]
		}
		if len(cands) == 0 {
			continue
		}
		ws := make([]string, len(cands))
		for i, c := range cands {
			ws[i] = c.w
		}
		fmt.Printf("    - name: %s.lexicon\n      queue: %s\n      weight: %g\n      terms: [%s]\n", q, q, weight, strings.Join(ws, ", "))
	}
	fmt.Println("    # END generated lexicon")
	return nil
}

func words(s string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) }) {
		if len(w) >= 3 {
			out = append(out, w)
		}
	}
	return out
}

// stop are words too common to carry a queue.
var stop = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`the and for you your with this that have has had are was were not but can could would should
	will just from our out all any some what when where which who why how there their they them then than also into about
	after before again still please thanks thank hello dear regards best kind help need want like get got know one two
	its it's i'm i've don't didn't can't won't isn't does did doing done been being very really much more most only
	now today yesterday week month time day days since ago here let may might must sure yes yeah okay hey hiya team
	sent message email ticket customer support hope well good great way make made use used using see seen look looking`) {
		m[w] = true
	}
	return m
}()
