/** A program that uses Remaster as a library user's module would: it requires only the core module. */
module dev.remaster.consumer {
    requires transitive dev.remaster.core;
    exports dev.remaster.consumer;
}
