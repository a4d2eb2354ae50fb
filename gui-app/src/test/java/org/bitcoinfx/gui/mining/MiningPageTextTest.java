package org.bitcoinfx.gui.mining;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.bitcoinfx.ipc.BlockCheckResult;
import org.junit.jupiter.api.Test;

/** What the Mining page says when submitSolution refuses a block, on current and older node schemas. */
class MiningPageTextTest {
    @Test
    void theNodesReasonAndDebugAreShown() {
        assertEquals("submitSolution rejected the block: high-hash — proof of work failed",
                MiningPage.rejectedText(new BlockCheckResult(false, "high-hash", "proof of work failed"), Optional.of(true)));
        assertEquals("submitSolution rejected the block: inconclusive-not-best-prevblk",
                MiningPage.rejectedText(new BlockCheckResult(false, "inconclusive-not-best-prevblk", ""), Optional.of(true)));
        assertEquals("The node kept the block but did not make it the tip: another block on the same parent came first (inconclusive).",
                MiningPage.rejectedText(new BlockCheckResult(false, "inconclusive", ""), Optional.of(true)));
    }

    @Test
    void aNodeAnsweredThroughSubmitSolution7IsSaidToGiveNoReasonInsteadOfAnEmptyOne() {
        assertEquals("submitSolution rejected the block. This node's schema predates submitSolution @10: its @7 answers only accepted or not, without a reason.",
                MiningPage.rejectedText(new BlockCheckResult(false, "", ""), Optional.of(false)));
        assertEquals("submitSolution rejected the block; the node gave no reason.",
                MiningPage.rejectedText(new BlockCheckResult(false, "", ""), Optional.empty()));
    }
}
