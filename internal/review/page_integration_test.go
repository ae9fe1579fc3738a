package review_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/segmentio/kafka-go"

	"github.com/triage/triage/internal/config"
	"github.com/triage/triage/internal/eval"
	"github.com/triage/triage/internal/kafkatest"
	"github.com/triage/triage/internal/pipeline"
	"github.com/triage/triage/internal/replay"
	"github.com/triage/triage/internal/sim"
	"github.com/triage/triage/processors"
	"github.com/triage/triage/processors/llmsim"
	"github.com/triage/triage/processors/rules"
)

// ScreenshotEnv names the file TestIntegrationReviewPageInChromium writes
// the task page's screenshot to (docs/review.png in the README):
// TRIAGE_REVIEW_SCREENSHOT=$PWD/docs/review.png go test -run ReviewPage ./internal/review/
const screenshotEnv = "TRIAGE_REVIEW_SCREENSHOT"

const ticket = `{"ticket_id":"T-501","subject":"Quick question","body":"Hi team, a quick question about my statement and the app. Who can help?","channel":"web","customer":{"id":"C-5"},"created_at":"2026-11-27T10:00:00Z"}`

// Headless Chromium drives the real page against the broker: the service
// makes a review task of a low-confidence decision, the page lists it, a
// person changes its queue, the service publishes the superseding event
// and the task leaves the page.
func TestIntegrationReviewPageInChromium(t *testing.T) {
	browser := chromiumPath(t)
	b := kafkatest.Start(t)
	cfg := pageConfig(t, b, "rv")
	cfg.Topics.Tickets = b.Topic(t, "rv.tickets", 1)
	cfg.Topics.Routed = b.Topic(t, "rv.routed", 1)
	cfg.Review.LabelsFile = filepath.Join(t.TempDir(), "labels.jsonl")
	// Calibrated, an answered ticket is published at 0.77 or more
	// (processors/calib): a high threshold sends this ambiguous one to review.
	cfg.Review.RouteMinConfidence = 0.99
	// The LLM (the simulator, answering as the rules do) decides first.
	llmSim := startLLM(t)
	cfg.LLM.BaseURL, cfg.LLM.Model, cfg.LLM.APIKey = llmSim.url, "sim-model", "sk-test-not-a-secret"
	stop := startService(t, cfg)
	b.Produce(t, kafka.Message{Topic: cfg.Topics.Tickets, Key: []byte("C-5"), Value: []byte(ticket)})
	var first struct {
		ID   string `json:"id"`
		Data struct {
			Decision processors.Route     `json:"decision"`
			Review   *pipeline.ReviewFlag `json:"review"`
		} `json:"data"`
	}
	if err := json.Unmarshal(b.ReadN(t, cfg.Topics.Routed, 1, 60*time.Second)[0].Value, &first); err != nil || first.Data.Review == nil {
		t.Fatalf("first event %+v %v: want it flagged for review", first, err)
	}
	base := startPage(t, cfg)
	cctx := chromium(t, browser)
	waitForTask(t, cctx, base)
	err := chromedp.Do(cctx,
		chromedp.Click("a.task"),
		chromedp.WaitVisible("#change-queue"),
		chromedp.SetValue("#by", "sam@example.com"),
		chromedp.SetValue("#queue", "account"),
	)
	if err != nil {
		t.Fatal(err)
	}
	shot, err := chromedp.Run(cctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	if path := os.Getenv(screenshotEnv); path != "" {
		if err := os.WriteFile(path, shot, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := chromedp.Do(cctx, chromedp.Click("#change-queue"), chromedp.WaitVisible("body.list")); err != nil {
		t.Fatal(err)
	}
	var sup struct {
		Supersedes string `json:"supersedes"`
		Data       struct {
			Decision   processors.Route      `json:"decision"`
			Provenance processors.Provenance `json:"provenance"`
		} `json:"data"`
	}
	if err := json.Unmarshal(b.ReadN(t, cfg.Topics.Routed, 2, 60*time.Second)[1].Value, &sup); err != nil {
		t.Fatal(err)
	}
	if sup.Supersedes != first.ID || sup.Data.Decision.Queue != "account" || sup.Data.Provenance.Source != processors.SourceHuman {
		t.Fatalf("superseding event %+v, want account by human over %s", sup, first.ID)
	}
	if n := openTasks(t, cctx, base); n != 0 {
		t.Errorf("%d tasks still listed after the correction", n)
	}
	stop()
	replayedAsCorrected(t, b, cfg, llmSim)
	// The labelled example is in triage eval's input format: eval scores it.
	rep, err := eval.Run(context.Background(), eval.Options{Task: eval.TaskRoute, Data: cfg.Review.LabelsFile})
	if err != nil || rep.N != 1 || rep.Errors != 0 || rep.RouteResult == nil {
		t.Fatalf("triage eval on review.labels_file: %+v %v", rep, err)
	}
	if _, ok := rep.PerQueue["account"]; !ok {
		t.Errorf("eval of the corrected example: queues %v, want the person's account among them", rep.Labels)
	}
}

// replayedAsCorrected replays the tickets topic from its start in a new
// process's pipeline (its memory store empty, as after a restart): the
// corrected ticket is decided as the person decided, with no LLM call.
func replayedAsCorrected(t *testing.T, b *kafkatest.Broker, cfg config.Config, llmSim *simLLM) {
	t.Helper()
	p, err := pipeline.Build(cfg, slog.New(slog.DiscardHandler), "test", pipeline.Hooks{})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	stopAnswers, err := p.Answers.Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer stopAnswers()
	cluster, err := cfg.Kafka.Cluster()
	if err != nil {
		t.Fatal(err)
	}
	w := replay.Window{Topics: []string{cfg.Topics.Tickets}, FromOffsets: []replay.Position{{Partition: 0, Offset: 0}}}
	ranges, err := replay.Resolve(ctx, cluster, w)
	if err != nil {
		t.Fatal(err)
	}
	calls := llmSim.Stats().Requests
	p.Handler.ReplayID = "after-review"
	res, err := replay.Run(ctx, replay.Config{Brokers: cfg.Kafka.Brokers, Auth: cluster.Auth, Ranges: ranges, Handler: p.Handler, RunID: "after-review",
		DLQTopic: cfg.Topics.DLQ, DLQInlineMaxBytes: 1 << 10, Version: "test", StallTimeout: time.Minute}, nil)
	if err != nil || res.Stopped {
		t.Fatalf("replay: %+v %v", res, err)
	}
	routed := b.ReadN(t, cfg.Topics.Routed, 3, 60*time.Second)
	if len(routed) != 3 {
		t.Fatalf("%d routed events after the replay, want the first, the superseding and the replayed", len(routed))
	}
	var again struct {
		Data struct {
			Decision   processors.Route      `json:"decision"`
			Provenance processors.Provenance `json:"provenance"`
		} `json:"data"`
	}
	if err := json.Unmarshal(routed[2].Value, &again); err != nil {
		t.Fatal(err)
	}
	if again.Data.Decision.Queue != "account" || again.Data.Provenance.Source != processors.SourceHuman {
		t.Errorf("replayed after the correction: %s by %s, want account by human", again.Data.Decision.Queue, again.Data.Provenance.Source)
	}
	if n := llmSim.Stats().Requests - calls; n != 0 {
		t.Errorf("the replay made %d LLM calls for the corrected input", n)
	}
}

// simLLM is the LLM simulator of the test, answering as the default rules.
type simLLM struct {
	*llmsim.Server
	url string
}

func startLLM(t *testing.T) *simLLM {
	t.Helper()
	rs, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	s, url, stop, err := llmsim.Start(llmsim.Config{Model: "sim-model",
		Latency: llmsim.Dist{Min: time.Millisecond, Median: time.Millisecond, P99: 2 * time.Millisecond}}, sim.RulesAnswerer(rs))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(stop)
	return &simLLM{s, url}
}
