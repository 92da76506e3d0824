package io.corral.observe;

/** Agent long-polls held open on this instance (the command bus's delivery hub answers). */
public interface HeldPolls {
    int held();
}
