// Command datasets writes the train and test splits triage learn and
// triage eval use for the figures of "Learning from the LLM" (README), from
// the public sets in ../shared/data (copied unchanged from their
// repositories; see their SOURCE.txt):
//
//	go run ./internal/learn/datasets -src /work/shared/data -out internal/learn/testdata/datasets
//
// hint3/curekart_{train,test}.jsonl split HINT3's CureKart rows as
// processors/rules/curekart.yaml was written: every 5th row (5, 10, ...) is
// the test split, the rules were written from the others. banking77/
// {train,test}.jsonl split BANKING77's train.csv (it has no test split
// here) 80/20 by a seeded hash of each row's id; banking77/rules.yaml lists
// its 77 intents as queues and no rule, so the rules alone answer the
// fallback queue "other". Each line is a ticket.v1 event plus "gold", the
// format triage eval reads. The licence and SOURCE.txt of each set are
// copied beside its files. The output is the same byte for byte on every
// run (TestDatasetsAreRegenerated).
package main

import (
	"flag"
	"fmt"
	"os"
)

func main() {
	src := flag.String("src", "/work/shared/data", "folder of the public sets (bitext, banking77, hint3)")
	out := flag.String("out", "internal/learn/testdata/datasets", "folder to write the splits into")
	flag.Parse()
	if err := write(*src, *out); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
