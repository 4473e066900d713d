// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";

/// @notice Plain OpenZeppelin ERC721 with an unrestricted public mint, used as a gas baseline for goods
/// registration in benches. Not access-controlled: test use only.
contract BaselineERC721 is ERC721 {
    constructor() ERC721("Baseline", "BASE") {}

    function mint(address to, uint256 id) external {
        _mint(to, id);
    }
}
