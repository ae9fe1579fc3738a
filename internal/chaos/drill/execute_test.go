package drill

import (
	"context"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/triage/triage/internal/kafkatest"
)

// TestExecuteJudgesAnIdleGroup runs a drill whose "triage" (the fake) never
// consumes: every record must be reported lost and the group not drained.
func TestExecuteJudgesAnIdleGroup(t *testing.T) {
	b := kafkatest.Start(t)
	bin, _ := fakeBin(t)
	opt := Defaults(true)
	opt.Bin, opt.Brokers, opt.Dir, opt.Out = bin, b.Addrs, t.TempDir(), io.Discard
	opt.Partitions, opt.Drain, opt.SampleEvery = 2, 500*time.Millisecond, 50*time.Millisecond
	c := testCorpus(t)
	d, err := startDrill(context.Background(), opt, "idle", "t1", c, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	recs := c.Generate(20, 4, rand.New(rand.NewPCG(1, 1)), "t1")
	ran := false
	rep, err := d.Execute(context.Background(), recs, 0, func(context.Context) error { ran = true; return nil })
	if err != nil {
		t.Fatal(err)
	}
	if !ran || rep.Records != 20 || rep.Lost != 20 || rep.Drained || rep.Pass {
		t.Fatalf("report: ran %v, %d records, %d lost, drained %v, pass %v; want 20 lost, not drained, fail", ran, rep.Records, rep.Lost, rep.Drained, rep.Pass)
	}
	if d.Instances[0].Alive() || len(rep.Problems) != 0 {
		t.Fatalf("instance alive %v after Execute, problems %q", d.Instances[0].Alive(), rep.Problems)
	}
	if _, err := os.Stat(filepath.Join(opt.Dir, "idle", "report.json")); err != nil {
		t.Fatal(err)
	}
	client := &kafka.Client{Addr: kafka.TCP(b.Addrs...)}
	eventually(t, "the drill's topics deleted (notes: "+strings.Join(rep.Notes, "; ")+")", func() bool {
		md, err := client.Metadata(context.Background(), &kafka.MetadataRequest{}) // every topic: naming one may create it
		if err != nil {
			return false
		}
		for _, topic := range md.Topics {
			if topic.Name == d.Topics["tickets"] {
				return false
			}
		}
		return true
	})
}

func TestDrillNotesProblemsAndCrashes(t *testing.T) {
	d := &Drill{Opt: Options{Out: io.Discard}, Name: "x", Rng: rand.New(rand.NewPCG(1, 1))}
	d.Note("n %d", 1)
	d.Problem("p %d", 2)
	d.Crashed()
	d.Crashed()
	if len(d.notes) != 1 || d.notes[0] != "n 1" || len(d.problems) != 1 || d.crashes != 2 {
		t.Fatalf("notes %q problems %q crashes %d", d.notes, d.problems, d.crashes)
	}
	for range 100 {
		if v := d.Between(time.Second, 8*time.Second); v < time.Second || v > 8*time.Second {
			t.Fatalf("Between = %s", v)
		}
	}
}
